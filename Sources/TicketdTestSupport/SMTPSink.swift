import Foundation

/// A throwaway SMTP server on 127.0.0.1 (scripts/smtp-sink.py, aiosmtpd) that stores every
/// message it accepts, and can refuse chosen recipients with 550 or 451. For the TLS tests it
/// can listen where this machine's host name points instead, and require STARTTLS.
public final class SMTPSink: @unchecked Sendable {
    /// One message the sink accepted.
    public struct Received: Sendable {
        public var raw: [UInt8]
        public var mailFrom: String
        public var recipients: [String]

        public var text: String { String(decoding: raw, as: UTF8.self) }

        /// The first header of that name, unfolded.
        public func header(_ name: String) -> String? {
            var value: String?
            for line in text.components(separatedBy: "\r\n") {
                if line.isEmpty { break }
                if let current = value, line.first == " " || line.first == "\t" {
                    value = current + line
                    continue
                }
                if value != nil { break }
                if line.lowercased().hasPrefix(name.lowercased() + ":") {
                    value = String(line.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
                }
            }
            return value
        }
    }

    public let directory: TemporaryDirectory
    public private(set) var port: Int
    private var pid: pid_t?

    public var url: String { "smtp://127.0.0.1:\(port)" }
    /// Where it listens: 127.0.0.1, or the host name's address.
    public let listenAddress: String
    private let certificates: TestCertificates?

    /// On 127.0.0.1 in plain text; or, `onHostAddress`, where this machine's host name points
    /// (a name ticketd does not count as loopback), requiring STARTTLS when given `certificates`.
    public init(onHostAddress: Bool = false, certificates: TestCertificates? = nil) throws {
        directory = try TemporaryDirectory(prefix: "smtp")
        port = try LoopbackPort.free()
        listenAddress = onHostAddress ? TestCertificates.hostAddresses.first ?? "127.0.0.1" : "127.0.0.1"
        self.certificates = certificates
        try start()
    }

    /// Starts (or restarts, on the same port) the server.
    public func start() throws {
        var arguments = [Self.scriptPath, "--port", "\(port)", "--dir", directory.path, "--host", listenAddress]
        if let certificates {
            arguments += ["--tls-cert", certificates.serverCertificate, "--tls-key", certificates.serverKey]
        }
        pid = try ShellCommand.spawn("/usr/bin/python3", arguments, outputPath: directory.file("smtp.log"))
        do {
            try LoopbackPort.waitUntilListening(port, host: listenAddress)
        } catch {
            let output = (try? String(contentsOfFile: directory.file("smtp.log"), encoding: .utf8)) ?? ""
            throw TestServerError("the SMTP sink did not start: \(output.suffix(2000))")
        }
    }

    /// Stops a sink started earlier (by another process) in `directory`, and removes it.
    public static func stop(directory: String) {
        ShellCommand.stopProcess(pidFile: "\(directory)/smtp.pid")
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops the server, keeping what it received.
    public func halt() {
        guard let pid else { return }
        ShellCommand.stopChild(pid)
        self.pid = nil
    }

    /// Stops the server and removes its directory.
    public func stop() {
        halt()
        directory.remove()
    }

    /// Recipients to refuse: permanently (550) or for now (451).
    public func reject(_ addresses: [String], temporarily: Bool = false) throws {
        try addresses.joined(separator: "\n").write(
            toFile: directory.file(temporarily ? "defer" : "reject"), atomically: true, encoding: .utf8)
    }

    /// How many messages were accepted so far (cheap: a directory listing).
    public func receivedCount() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.file("mail"))) ?? []).filter {
            $0.hasSuffix(".eml")
        }
        .count
    }

    /// Everything accepted so far, in order.
    public func received() -> [Received] {
        let mailDirectory = directory.file("mail")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: mailDirectory)) ?? [])
            .filter { $0.hasSuffix(".eml") }.sorted()
        return names.compactMap { name in
            let base = "\(mailDirectory)/\(name.dropLast(4))"
            guard let raw = FileManager.default.contents(atPath: "\(base).eml"),
                let envelopeData = FileManager.default.contents(atPath: "\(base).json"),
                let envelope = try? JSONSerialization.jsonObject(with: envelopeData) as? [String: Any]
            else { return nil }
            return Received(
                raw: [UInt8](raw), mailFrom: envelope["mail_from"] as? String ?? "",
                recipients: envelope["rcpt_tos"] as? [String] ?? [])
        }
    }

    /// scripts/smtp-sink.py in this checkout.
    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/smtp-sink.py").path
    }
}
