import Foundation

/// A throwaway Dovecot IMAP server on 127.0.0.1 with one user (`support`/`secret`), a maildir
/// with `Processed` and `Quarantine` folders, all under its own temporary directory.
///
/// Recipe for Debian's dovecot-imapd 2.3 run as root: mail access as uid 0 is refused, so mail
/// runs as nobody/nogroup and the maildir belongs to nobody; the directory is traversable so
/// Dovecot's auth user can read the passwd-file. Stopped by the master's PID.
public final class DovecotServer: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public private(set) var port: Int
    public let username = "support"
    public let password = "secret"
    /// With certificates: STARTTLS on `port` and implicit TLS (`imaps://`) on this port.
    public private(set) var tlsPort: Int?
    private let certificates: TestCertificates?
    private let listensOnHostAddress: Bool
    private var deliveredCount = 0

    /// `imap://127.0.0.1:PORT/INBOX`.
    public var url: String { "imap://127.0.0.1:\(port)/INBOX" }
    public var maildir: String { directory.file("Maildir") }

    /// Plain text only, or, with `certificates`, TLS offered (STARTTLS and imaps). With
    /// certificates or `alsoListeningOnHostAddress`, it also listens where this machine's host
    /// name points (a name ticketd does not count as loopback).
    public init(certificates: TestCertificates? = nil, alsoListeningOnHostAddress: Bool = false) throws {
        directory = try TemporaryDirectory(prefix: "dovecot")
        port = try LoopbackPort.free()
        self.certificates = certificates
        listensOnHostAddress = alsoListeningOnHostAddress || certificates != nil
        tlsPort = certificates == nil ? nil : try LoopbackPort.free()
        // A free port may be taken by a server another test starts at the same moment: then
        // the next free one.
        for attempt in 1...5 {
            do {
                try start()
                return
            } catch let error as TestServerError where attempt < 5 && error.description.contains("already in use") {
                port = try LoopbackPort.free()
                tlsPort = certificates == nil ? nil : try LoopbackPort.free()
            }
        }
    }

    /// Stops a server started earlier (by another process) in `directory`, and removes it.
    public static func stop(directory: String) {
        ShellCommand.stopProcess(pidFile: "\(directory)/run/master.pid")
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func start() throws {
        let fileManager = FileManager.default
        for sub in ["run", "state", "Maildir/new", "Maildir/cur", "Maildir/tmp"] {
            try fileManager.createDirectory(
                atPath: directory.file(sub), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }
        try "\(username):{PLAIN}\(password)::::\(directory.path)::\n".write(
            toFile: directory.file("passwd"), atomically: true, encoding: .utf8)
        let configuration = """
            base_dir = \(directory.file("run"))
            state_dir = \(directory.file("state"))
            log_path = \(directory.file("dovecot.log"))
            listen = \(listenAddresses.joined(separator: ", "))
            protocols = imap
            \(sslSettings)
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:\(maildir)
            mail_uid = nobody
            mail_gid = nogroup
            first_valid_uid = 1
            passdb {
              driver = passwd-file
              args = \(directory.file("passwd"))
            }
            userdb {
              driver = passwd-file
              args = \(directory.file("passwd"))
              default_fields = uid=nobody gid=nogroup
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = \(port)
              }
              inet_listener imaps {
                port = \(tlsPort ?? 0)
              }
            }
            service anvil {
              chroot =
            }
            service imap-login {
              chroot =
            }
            namespace inbox {
              inbox = yes
              separator = /
              mailbox Processed {
                auto = create
              }
              mailbox Quarantine {
                auto = create
              }
            }

            """
        try configuration.write(toFile: directory.file("dovecot.conf"), atomically: true, encoding: .utf8)
        try chownToNobody(maildir)
        let (status, output) = try ShellCommand.run("/usr/sbin/dovecot", ["-c", directory.file("dovecot.conf")])
        guard status == 0 else { throw TestServerError("dovecot did not start (\(status)): \(output)") }
        do {
            try LoopbackPort.waitUntilListening(port)
        } catch {
            let log = (try? String(contentsOfFile: directory.file("dovecot.log"), encoding: .utf8)) ?? ""
            stop()
            throw TestServerError("dovecot did not listen: \(log.suffix(2000))")
        }
    }

    private var listenAddresses: [String] {
        guard listensOnHostAddress else { return ["127.0.0.1"] }
        return ["127.0.0.1"] + TestCertificates.hostAddresses.filter { $0 != "127.0.0.1" }
    }

    private var sslSettings: String {
        guard let certificates else { return "ssl = no" }
        return "ssl = yes\nssl_cert = <\(certificates.serverCertificate)\nssl_key = <\(certificates.serverKey)"
    }

    /// Drops raw messages into INBOX (`Maildir/new`), owned by nobody, with the given arrival
    /// time as their INTERNALDATE.
    public func deliver(_ messages: [[UInt8]], arrivedAt: Date? = nil) throws {
        for message in messages {
            deliveredCount += 1
            let name = "\(Int(Date().timeIntervalSince1970)).M\(deliveredCount)P\(getpid()).ticketd-test"
            let path = "\(maildir)/new/\(name)"
            try Data(message).write(to: URL(fileURLWithPath: path))
            if let arrivedAt {
                try FileManager.default.setAttributes([.modificationDate: arrivedAt], ofItemAtPath: path)
            }
        }
        try chownToNobody(maildir)
    }

    /// A folder's maildir (Maildir++: subfolders are dot-directories).
    private func path(of folder: String) -> String {
        folder == "INBOX" ? maildir : "\(maildir)/.\(folder)"
    }

    /// How many messages a folder holds now (INBOX, Processed, Quarantine).
    public func count(in folder: String) -> Int {
        let base = path(of: folder)
        let fileManager = FileManager.default
        return ["new", "cur"].reduce(0) { total, sub in
            total + ((try? fileManager.contentsOfDirectory(atPath: "\(base)/\(sub)"))?.count ?? 0)
        }
    }

    /// Moves every message of a folder into another, as an operator does with a mail client.
    public func move(from source: String, to destination: String) throws {
        let (status, output) = try ShellCommand.run(
            "/usr/bin/doveadm",
            ["-c", directory.file("dovecot.conf"), "move", "-u", username, destination, "mailbox", source, "ALL"])
        guard status == 0 else { throw TestServerError("doveadm move failed (\(status)): \(output)") }
    }

    /// How many messages in a folder carry `\Seen` now (the `S` in a maildir file's `:2,` flags).
    public func seenCount(in folder: String) -> Int {
        let base = path(of: folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(base)/cur")) ?? []
        return names.filter { $0.components(separatedBy: ":2,").dropFirst().first?.contains("S") == true }.count
    }

    /// Makes INBOX number its messages anew from UID 1, as a mailbox restored from a backup
    /// does: halts the server, removes the maildir's UID list and index, and starts it again.
    public func renumberInbox() throws {
        halt()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: maildir)) ?? []
        for name in names where name.hasPrefix("dovecot-uidlist") || name.hasPrefix("dovecot.index") {
            try FileManager.default.removeItem(atPath: "\(maildir)/\(name)")
        }
        try resume()
    }

    /// Gives a folder a new UIDVALIDITY, as a mailbox rebuilt or restored on the server gets:
    /// every UID a client remembers for it is void.
    public func changeUIDValidity(of folder: String = "INBOX", to validity: UInt32) throws {
        let (status, output) = try ShellCommand.run(
            "/usr/bin/doveadm",
            [
                "-c", directory.file("dovecot.conf"), "mailbox", "update", "-u", username, "--uid-validity",
                "\(validity)", folder,
            ])
        guard status == 0 else { throw TestServerError("doveadm mailbox update failed (\(status)): \(output)") }
    }

    /// Clears `\Seen` on every message in `folder`, as new mail has it (doveadm, no IMAP session):
    /// fetching an unseen message makes Dovecot write the flag (a maildir rename), a seen one not.
    public func markUnseen(in folder: String = "INBOX") throws {
        let (status, output) = try ShellCommand.run(
            "/usr/bin/doveadm",
            [
                "-c", directory.file("dovecot.conf"), "flags", "remove", "-u", username, "\\Seen", "mailbox", folder,
                "ALL",
            ])
        guard status == 0 else { throw TestServerError("doveadm flags remove failed (\(status)): \(output)") }
    }

    /// Stops the server but keeps its mail and configuration, for `resume()`.
    public func halt() {
        ShellCommand.stopProcess(pidFile: directory.file("run/master.pid"))
    }

    /// Starts a halted server again on the same port with the same mail.
    public func resume() throws {
        let (status, output) = try ShellCommand.run("/usr/sbin/dovecot", ["-c", directory.file("dovecot.conf")])
        guard status == 0 else { throw TestServerError("dovecot did not restart (\(status)): \(output)") }
        try LoopbackPort.waitUntilListening(port)
    }

    /// Stops the server (master PID, SIGTERM) and removes its directory.
    public func stop() {
        ShellCommand.stopProcess(pidFile: directory.file("run/master.pid"))
        directory.remove()
    }

    private func chownToNobody(_ path: String) throws {
        let (status, output) = try ShellCommand.run("/bin/chown", ["-R", "nobody:nogroup", path])
        guard status == 0 else { throw TestServerError("chown failed: \(output)") }
    }
}
