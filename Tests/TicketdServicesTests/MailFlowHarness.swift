import Foundation
import Logging
import TicketdCore
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// A real Dovecot and a real SMTP server on 127.0.0.1, a configuration pointing at them, and a
/// runtime built from it: the mail loop exactly as an operator runs it.
final class MailFlowHarness {
    let dovecot: DovecotServer
    let smtp: SMTPSink
    let directory: TemporaryDirectory
    private(set) var runtime: TicketdRuntime
    let logger: Logger

    /// `extraYAML` is appended to the configuration (top-level keys).
    /// The `analysts:` entries of the configuration.
    let analysts: String
    /// `auto_assign` (off unless a test is about assignment, so other tests count only their own mail).
    let autoAssign: Bool

    init(
        extraYAML: String = "", maxMessageSize: String = "25MB",
        analysts: String = "  - { name: carol, email: carol@example.org, tier: 1 }", autoAssign: Bool = false
    ) throws {
        self.analysts = analysts
        self.autoAssign = autoAssign
        dovecot = try DovecotServer()
        smtp = try SMTPSink()
        directory = try TemporaryDirectory(prefix: "flow")
        _ = FileManager.default.createFile(
            atPath: directory.file("imap.secret"), contents: Data(dovecot.password.utf8),
            attributes: [.posixPermissions: 0o600])
        var logger = Logger(label: "test")
        logger.logLevel = .error
        self.logger = logger
        runtime = try Self.makeRuntime(
            yaml: Self.yaml(
                dovecot: dovecot, smtp: smtp, directory: directory, maxMessageSize: maxMessageSize, analysts: analysts,
                autoAssign: autoAssign, stormDetection: extraYAML.contains("problems:")) + extraYAML)
    }

    static func yaml(
        dovecot: DovecotServer, smtp: SMTPSink, directory: TemporaryDirectory, maxMessageSize: String,
        analysts: String = "  - { name: carol, email: carol@example.org, tier: 1 }", autoAssign: Bool = false,
        stormDetection: Bool = false
    )
        -> String
    {
        """
        database: \(directory.file("data/ticketd.sqlite"))
        max_message_size: \(maxMessageSize)
        support_address: "Help Desk <support@example.org>"
        aliases: [payroll-help@example.org]
        subject_tag: "Help Desk"
        mailbox:
          url: \(dovecot.url)
          username: \(dovecot.username)
          password_file: \(directory.file("imap.secret"))
        smtp:
          url: \(smtp.url)
          envelope_from: bounces@example.org
        templates: \(ConfigurationTests.templatesDirectory)
        auto_reply_limit: { per_sender: 10, per: 1h, per_hour_total: 100000 }
        auto_assign: \(autoAssign)
        \(stormDetection ? "" : "problems: { storm: { tickets: 0 } }")
        trust: { authserv_id: \(authservID), dkim_without_dmarc: true, analyst_domain_exclusive: true }
        analysts:
        \(analysts)

        """
    }

    /// The receiving server's name in the tests' `Authentication-Results` fields.
    static let authservID = "mx.test.example"

    static func makeRuntime(yaml: String) throws -> TicketdRuntime {
        try TicketdRuntime(configuration: ConfigurationLoader(environment: [:]).load(yaml: yaml).configuration)
    }

    /// Rebuilds the runtime with a different configuration over the same store and servers.
    func reconfigure(maxMessageSize: String) throws {
        runtime = try Self.makeRuntime(
            yaml: Self.yaml(
                dovecot: dovecot, smtp: smtp, directory: directory, maxMessageSize: maxMessageSize, analysts: analysts,
                autoAssign: autoAssign))
    }

    @discardableResult
    func poll(now: Date? = nil) throws -> TicketdRuntime.PollReport {
        try runtime.pollOnce(now: now, logger: logger)
    }

    func deliver(_ messages: [[UInt8]]) throws { try dovecot.deliver(messages) }

    func deliver(_ text: String) throws {
        try dovecot.deliver([Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)])
    }

    func ticket(_ id: Int64) throws -> Ticket? { try runtime.store.read { try $0.ticketDetail(id) } }

    func tickets() throws -> [Ticket] { try runtime.store.read { try $0.tickets(TicketFilter(limit: 100_000)) } }

    func sent(to address: String) -> [SMTPSink.Received] { smtp.received().filter { $0.recipients.contains(address) } }

    func stop() {
        dovecot.stop()
        smtp.stop()
        directory.remove()
    }
}
