import Foundation
import TicketdCore
import TicketdMIME

/// The whole configuration (ARCHITECTURE.md key registry), with the defaults in the
/// declarations. Built only by `ConfigurationLoader`, which validates every key first.
public struct TicketdConfiguration: Sendable {
    public var database = "/var/lib/ticketd/ticketd.sqlite"
    /// Default: `attachments` beside the database.
    public var attachmentsDirectory: String?
    public var maxMessageSize = 25 * 1024 * 1024
    /// `timezone:`, parsed once (an unknown name is a configuration error, never a silent UTC).
    public var timeZone = TimeZone(identifier: "UTC")!
    /// The time zone's IANA name, as configured.
    public var timezone: String { timeZone.identifier }
    public var supportAddress = MailAddress(name: "Help Desk", email: "support@localhost")
    public var aliases: [String] = []
    public var subjectTag = "Help Desk"
    public var defaultPriority = Priority.medium
    /// Every category a ticket may have; set everywhere through the planner, which refuses others.
    public var categories = ["Break/Fix", "Optimization", "Maintenance", "Operational Request"]
    public var autoReplyLimit = AutoReplyLimit()
    /// `notice_limit:` — hourly caps on notices to analysts (Core's `NoticeLimit`).
    public var noticeLimit = NoticeLimit()
    /// Resolved tickets close after this.
    public var autoCloseAfter = TimeSpan(seconds: 7 * 86_400)
    /// A pending ticket's requester is reminded once after this, and it is resolved after `pendingResolveAfter`.
    public var pendingReminderAfter = TimeSpan(seconds: 3 * 86_400)
    public var pendingResolveAfter = TimeSpan(seconds: 7 * 86_400)
    /// The first analyst to reply publicly takes an unassigned ticket.
    public var takeOnReply = true
    /// A new ticket is given to an analyst by skill, tier, familiarity and load (`Assignment`);
    /// false leaves new tickets in the unassigned queue.
    public var autoAssign = true
    public var mailbox = MailboxSettings()
    public var smtp = SMTPSettings()
    /// A folder whose `NAME.mustache` files override the built-in templates; nil: built-ins only.
    public var templates: String?
    public var trust = TrustSettings()
    public var analysts: [Analyst] = []
    public var groups: [String: [String]] = [:]
    /// Groups' email-to-SMS addresses (`groups: { NAME: { members: [...], sms: [...] } }`).
    public var smsGroups: [String: [String]] = [:]
    public var vipGroups: [String] = []
    public var rules: [RoutingRule] = []
    /// `calendars:`, parsed once into business calendars (the built-in `24x7` is not listed).
    public var calendars: [String: BusinessCalendar] = [:]
    public var sla: [Priority: SLAPolicySettings] = [:]
    public var problems = ProblemSettings()
    public var kb = KnowledgeBaseSettings()
    public var reports = ReportSettings()
    public var metricsFile: String?
    public var intake = IntakeSettings()

    public init() {}

    /// Where attachments are stored: configured, or `attachments` beside the database.
    public var resolvedAttachmentsDirectory: String {
        attachmentsDirectory ?? ((database as NSString).deletingLastPathComponent + "/attachments")
    }

    /// Where large raw mail is kept: `raw` beside the database.
    public var resolvedRawDirectory: String {
        (database as NSString).deletingLastPathComponent + "/raw"
    }

    /// The support address and the aliases, lowercased: mail from or to them is ours.
    public var ownAddresses: Set<String> {
        Set([supportAddress.email] + aliases.map { $0.lowercased() })
    }

    /// The organisation's mail domains: the support address's, the aliases' and the analysts'.
    public var organisationDomains: Set<String> {
        Set(
            ([supportAddress.email] + aliases + analysts.map(\.email)).compactMap { address in
                address.lastIndex(of: "@").map { address[address.index(after: $0)...].lowercased() }
            })
    }

    /// The analyst with this address, if any.
    public func analyst(withEmail email: String) -> Analyst? {
        analysts.first { $0.email.lowercased() == email.lowercased() }
    }

    /// `digest: { at: "07:30" }`: when each on-duty analyst's "my tickets" mail goes, in their
    /// calendar's time zone (else `timezone`); nil: no digest.
    public var digestAt: String?
    /// `digest.at` as minutes after midnight, parsed once.
    public var digestMinute: Int?
    /// `critical_when:` and `high_when:`: conditions that raise a new ticket's priority.
    public var severityRules: [RoutingRule] = []

    /// The analyst with this name (any case), if any.
    public func analyst(named name: String) -> Analyst? {
        analysts.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The desk's name in mail ("Cindy via Help Desk"): the support address's name, else the subject tag.
    public var deskName: String {
        supportAddress.name.isEmpty ? subjectTag : supportAddress.name
    }
}

/// `intake: { max_parse_time: 30s }` — a mail that takes longer to read is quarantined.
public struct IntakeSettings: Sendable {
    public var maxParseTime = TimeSpan(seconds: 30)
}

/// `auto_reply_limit: { per_sender: 10, per: 1h, per_hour_total: 1000 }`.
public struct AutoReplyLimit: Sendable {
    public var perSender = 10
    public var per = TimeSpan(seconds: 3600)
    /// Automatic mails to everyone together in the last hour; past it acknowledgements pause.
    public var perHourTotal = 1000
    /// The global cap for verified senders' acknowledgements, counted apart (an outage storm of
    /// every verified member of staff must be acknowledged).
    public var perHourVerified = 50000
}

/// `mailbox:` — the IMAP side.
public struct MailboxSettings: Sendable {
    public var url = "imaps://localhost/INBOX"
    public var username = "support"
    public var passwordFile: String?
    /// Resolved at load time from the environment, credentials or the password file.
    public var password: String?
    public var caFile: String?
    public var processedFolder = "Processed"
    public var quarantineFolder = "Quarantine"
    public var pollInterval = TimeSpan(seconds: 30)
    /// Wait in IMAP IDLE for new mail where the server offers it; `poll_interval` stays the safety net.
    public var idle = true
}

/// `smtp:` — the sending side.
public struct SMTPSettings: Sendable {
    public var url = "smtps://localhost:465"
    public var username: String?
    public var passwordFile: String?
    public var password: String?
    public var caFile: String?
    public var envelopeFrom: String?
}

/// `trust:` — whose mail proves what (README "Trust").
public struct TrustSettings: Sendable {
    /// Believe only the topmost `Authentication-Results` added by this host.
    public var authservID: String?
    public var unauthenticatedAnalysts = false
    /// The HMAC key's file (`secret_file`): analysts' reply tokens.
    public var secretFile: String?
    /// The key, read at load time from `secret_file` (or the `trust-secret` credential); nil:
    /// the runtime keeps one beside the database.
    public var secret: [UInt8]?
    /// Nobody but analysts mails from the analysts' domains, so a domain's pass proves an analyst.
    public var analystDomainExclusive = false
    /// Let `dkim=pass` for the From domain count where the trusted field holds no DMARC result.
    public var dkimWithoutDMARC = false
    /// The support mailbox receives `support+anything@` (plus-addressing): each analyst gets a
    /// personal command address in their assignment notices and digests, and a new mail to it
    /// (`#for`) proves the mailbox.
    public var plusAddressing = false
}

/// One analyst under `analysts:`.
public struct Analyst: Sendable, Equatable {
    /// `on_duty`: always, never, or during a calendar's hours.
    public enum Duty: Sendable, Equatable {
        case always, never
        case calendar(String)
    }

    public var name: String
    public var email: String
    public var tier = 1
    public var skills: [String] = []
    public var duty = Duty.always
    public var lead = false
    /// Open tickets at which the analyst gets no more (`max_open`); nil: no limit.
    public var maxOpen: Int?
    /// An SMS gateway or on-call address that also gets critical and high assignments.
    public var pager: String?
    /// The name the trusted server authenticates the analyst's submissions as (`smtp.auth`).
    public var authID: String?

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// One priority's policy under `sla:`.
public struct SLAPolicySettings: Sendable {
    public var firstResponse: TimeSpan?
    public var resolution: TimeSpan?
    public var calendar = "24x7"
    public var warnAt = 0.8
    public var escalateTo: [String] = []
    public var escalateEvery: TimeSpan?
    public var pauseWhenPending = true
}

/// `problems:`.
public struct ProblemSettings: Sendable {
    public var stormTickets = 3
    public var stormWithin = TimeSpan(seconds: 600)
    public var notify = "on_duty"
    /// The share of a problem's terms a new incident must contain to be linked to it.
    public var matchThreshold = 0.5
}

/// `kb:`.
public struct KnowledgeBaseSettings: Sendable {
    public var suggest = 3
    public var minScore = 0.3
}

/// `reports:`.
public struct ReportSettings: Sendable {
    public var weeklyTo: String?
    public var weeklyDay = "mon"
    public var weeklyAt = "08:00"
    /// `weekly_at` as minutes after midnight, parsed once.
    public var weeklyMinute = 8 * 60
}
