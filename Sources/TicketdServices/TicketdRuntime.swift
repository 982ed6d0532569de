import Foundation
import Logging
import TicketdCore
import TicketdMail
import TicketdStore

/// Everything a command needs, built once from a validated configuration: the store, the
/// templates, the intake, and the mail endpoints.
public struct TicketdRuntime: Sendable {
    public let configuration: TicketdConfiguration
    public let templates: TemplateLibrary
    public let store: TicketStore
    public let intake: MailIntake
    public let sweeper: SLASweeper

    /// What `poll --once` reports (one line, or an object with `--json`).
    public struct PollReport: Sendable, Equatable, Codable {
        public var fetched = 0
        public var created = 0
        public var threaded = 0
        public var quarantined = 0
        public var sent = 0
        public var failed = 0

        public init() {}

        public var line: String {
            "fetched=\(fetched) created=\(created) threaded=\(threaded) quarantined=\(quarantined) sent=\(sent) failed=\(failed)"
        }
    }

    public init(configuration loaded: TicketdConfiguration) throws {
        try self.init(configuration: loaded, store: try TicketStore(path: loaded.database))
    }

    /// The runtime of a reloaded configuration on the store that is already open (a reload
    /// never reopens the database; a changed `database:` is refused by the caller).
    public init(configuration loaded: TicketdConfiguration, store: TicketStore) throws {
        var configuration = loaded
        self.store = store
        if configuration.trust.secret == nil {
            configuration.trust.secret = try TrustKeyFile.key(besideDatabase: configuration.database)
        }
        self.configuration = configuration
        templates = try TemplateLibrary(directory: configuration.templates)
        intake = MailIntake(configuration: configuration, templates: templates)
        sweeper = SLASweeper(store: store, engine: intake.sla, composer: intake.composer, applier: intake.applier)
    }

    public func imapEndpoint() throws(MailError) -> MailServerEndpoint {
        let mailbox = configuration.mailbox
        return try MailServerEndpoint(
            url: mailbox.url, username: mailbox.username, password: mailbox.password, caFile: mailbox.caFile)
    }

    public func smtpEndpoint() throws(MailError) -> MailServerEndpoint {
        let smtp = configuration.smtp
        return try MailServerEndpoint(
            url: smtp.url, username: smtp.username, password: smtp.password, caFile: smtp.caFile)
    }

    /// One full cycle: fetch and process all new mail, sweep the SLA clocks, then send the
    /// outbox. With `now`, everything happens as of that instant.
    public func pollOnce(now: Date?, logger: Logger) throws -> PollReport {
        var report = PollReport()
        let poller = MailPoller(store: store, intake: intake, endpoint: try imapEndpoint())
        do {
            let fetched = try poller.poll(now: now, logger: logger)
            report.fetched = fetched.fetched
            report.created = fetched.created
            report.threaded = fetched.threaded + fetched.bounces
            report.quarantined = fetched.quarantined
            try store.write {
                try $0.setState("last_poll", JSONOutput.rfc3339(now ?? Date()), at: now ?? Date())
            }
        } catch {
            try? store.write { try $0.setState("last_error", "\(error)", at: now ?? Date()) }
            throw error
        }
        _ = try sweeper.sweep(at: now ?? Date(), logger: logger)
        let sender = OutboxSender(store: store, endpoint: try smtpEndpoint())
        var connection: SMTPSender?
        let sent = try sender.sendDue(at: now ?? Date(), connection: &connection, logger: logger)
        report.sent = sent.sent
        report.failed = sent.failed
        if let serverError = sent.serverError {
            try? store.write { try $0.setState("last_error", serverError, at: now ?? Date()) }
            throw MailError(.unreachable, serverError)
        }
        return report
    }
}
