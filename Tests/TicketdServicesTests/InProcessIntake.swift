import Foundation
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// The in-process tier: the intake driven with raw mail against a temporary store, no servers.
/// Decisions and their effects on the store are exactly those of a poll; fetching and moving
/// are left out.
final class InProcessIntake {
    let directory: TemporaryDirectory
    let runtime: TicketdRuntime
    private var uid: UInt32 = 0

    init(
        extraYAML: String = "", analysts: String = "  - { name: carol, email: carol@example.org, tier: 1 }",
        autoAssign: Bool = false,
        trust: String =
            "{ authserv_id: \(MailFlowHarness.authservID), dkim_without_dmarc: true, analyst_domain_exclusive: true }"
    ) throws {
        directory = try TemporaryDirectory(prefix: "intake")
        let yaml = """
            database: \(directory.file("data/ticketd.sqlite"))
            support_address: "Help Desk <support@example.org>"
            aliases: [payroll-help@example.org]
            mailbox: { url: "imap://127.0.0.1:1/INBOX", username: support }
            smtp: { url: "smtp://127.0.0.1:1", envelope_from: bounces@example.org }
            templates: \(ConfigurationTests.templatesDirectory)
            trust: \(trust)
            auto_assign: \(autoAssign)
            analysts:
            \(analysts)

            """ + extraYAML
        runtime = try MailFlowHarness.makeRuntime(yaml: yaml)
    }

    deinit { directory.remove() }

    /// Takes in one mail (LF line ends become CRLF) as if it had just been fetched.
    @discardableResult
    func take(_ text: String, at now: Date = Date()) throws -> MailIntake.Outcome {
        try take(
            Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8),
            at: now)
    }

    @discardableResult
    func take(_ raw: [UInt8], at now: Date = Date()) throws -> MailIntake.Outcome {
        uid += 1
        let source = MailIntake.Source(mailbox: "INBOX", uid: uid, arrivedAt: now)
        return try runtime.store.write { try runtime.intake.handle(raw, from: source, at: now, in: $0) }
    }

    func ticket(_ id: Int64) throws -> Ticket? { try runtime.store.read { try $0.ticketDetail(id) } }

    /// The mails queued so far, oldest first.
    func queuedMails() throws -> [OutboxItem] {
        try runtime.store.read { session in
            try session.dueOutbox(at: Date().addingTimeInterval(86_400 * 365), limit: 100_000)
        }
    }

    /// The outbox rows queued so far: (recipients, kind, message id).
    func queued() throws -> [(recipient: String, messageID: String)] {
        try runtime.store.read { session in
            try session.dueOutbox(at: Date().addingTimeInterval(86_400 * 365), limit: 100_000)
                .map { ($0.recipients.joined(separator: ","), $0.messageID) }
        }
    }
}
