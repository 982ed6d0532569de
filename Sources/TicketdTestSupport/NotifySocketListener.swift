import Foundation

/// A datagram socket standing in for systemd's `$NOTIFY_SOCKET`: a small Python process that
/// appends every notification it receives to a file, stopped by `stop()`.
public final class NotifySocketListener: @unchecked Sendable {
    /// The socket's path, for `NOTIFY_SOCKET`.
    public let socket: String
    private let received: String
    private let pid: pid_t

    public init(in directory: TemporaryDirectory) throws {
        socket = directory.file("notify.sock")
        received = directory.file("notify.txt")
        pid = try ShellCommand.spawn(
            "/usr/bin/python3",
            [
                "-c",
                "import socket,sys\ns=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\n"
                    + "f=open(sys.argv[2],'a')\nwhile True:\n f.write(s.recv(4096).decode()+'\\n');f.flush()\n",
                socket, received,
            ], outputPath: directory.file("listener.log"))
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: socket) {
            guard Date() < deadline else { throw TestServerError("the notify socket did not appear") }
            usleep(50_000)
        }
    }

    /// Everything received so far, one notification after another.
    public var messages: String { (try? String(contentsOfFile: received, encoding: .utf8)) ?? "" }

    public func stop() { ShellCommand.stopChild(pid) }
}
