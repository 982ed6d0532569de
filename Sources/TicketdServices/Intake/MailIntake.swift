import Foundation
import Logging
import TicketdCore
import TicketdMIME
import TicketdStore

/// Turns one raw incoming mail into its effect on the store, inside the caller's transaction:
/// a new ticket (with its acknowledgement queued), a reply on an existing ticket, a bounce
/// recorded on the ticket it belongs to, a duplicate ignored, or a quarantined mail with its
/// reason. Nothing here talks to a server.
public struct MailIntake: Sendable {
    /// What happened to one mail.
    public enum Outcome: Sendable, Equatable {
        case created(ticketID: Int64)
        case threaded(ticketID: Int64)
        case bounce(ticketID: Int64)
        case duplicate
        case quarantined(reason: String)
    }

    /// Where a mail came from.
    public struct Source: Sendable {
        public var mailbox: String
        public var uid: UInt32
        /// When the server received it (IMAP INTERNALDATE); SLA clocks start here.
        public var arrivedAt: Date

        public init(mailbox: String, uid: UInt32, arrivedAt: Date) {
            self.mailbox = mailbox
            self.uid = uid
            self.arrivedAt = arrivedAt
        }
    }

    public let configuration: TicketdConfiguration
    public let composer: MailComposer
    public let attachments: AttachmentStore
    public let rawMail: RawMailStore
    public let sla: SLAEngine
    /// The one way a ticket's fields change (planner and applier).
    public let applier: TicketApplier
    /// Counts acknowledgements held back by the global cap, for the log and the metrics.
    public let acknowledgementPause = AcknowledgementPause()
    private let parser = MIMEParser()
    private let loopRules: LoopRules
    private let resolver: ThreadResolver
    private let trust: AnalystTrust
    private let tag: SubjectTag
    private let logger: Logger

    /// Routing rules' regexes read at most this much of a body (a rule on a 25 MB single-line
    /// body would otherwise cost minutes); the stored body is always whole.
    public static let ruleBodyPrefix = 64 * 1024

    public init(
        configuration: TicketdConfiguration, templates: TemplateLibrary,
        logger: Logger = Logger(label: "ticketd.intake")
    ) {
        self.logger = logger
        self.configuration = configuration
        composer = MailComposer(configuration: configuration, templates: templates)
        attachments = AttachmentStore(directory: configuration.resolvedAttachmentsDirectory)
        rawMail = RawMailStore(directory: configuration.resolvedRawDirectory)
        sla = SLAEngine(configuration: configuration)
        applier = TicketApplier(configuration: configuration, sla: sla)
        loopRules = LoopRules(ownAddresses: configuration.ownAddresses)
        tag = SubjectTag(configuration.subjectTag)
        resolver = ThreadResolver(subjectTag: tag)
        trust = AnalystTrust(
            analystAddresses: configuration.analysts.map(\.email), authservID: configuration.trust.authservID,
            believeFromHeader: configuration.trust.unauthenticatedAnalysts)
    }

    /// A mail parsed, or refused with its reason, before its transaction: parsing needs no
    /// store, so the poller does it before taking the database's write lock (which the outbox
    /// sender needs for its marks).
    public struct Prepared: Sendable {
        public let raw: [UInt8]
        let parsed: Result<ParsedMessage, QuarantineReason>
        /// For a refused mail whose header could still be read: sender, subject and id for the record.
        var header: ParsedMessage?
    }

    /// Why a mail cannot be parsed.
    struct QuarantineReason: Error, Sendable {
        let text: String
    }

    /// Checks the size and parses within `intake.max_parse_time`; never fails (a refusal is
    /// carried to `handle`).
    public func prepare(_ raw: [UInt8]) -> Prepared {
        if raw.count > configuration.maxMessageSize {
            let reason = "message of \(raw.count) bytes exceeds max_message_size (\(configuration.maxMessageSize))"
            return Prepared(raw: raw, parsed: .failure(QuarantineReason(text: reason)))
        }
        do {
            let deadline = Deadline(secondsFromNow: Double(configuration.intake.maxParseTime.seconds))
            return Prepared(raw: raw, parsed: .success(try parser.parse(raw, deadline: deadline)))
        } catch {
            return Prepared(raw: raw, parsed: .failure(QuarantineReason(text: error.message)))
        }
    }

    /// A mail whose RFC822.SIZE passes `max_message_size`: only its header was fetched, and it
    /// is quarantined with that header as its record (the whole mail stays in the server's
    /// quarantine folder).
    public func prepareOversized(header: [UInt8], size: Int) -> Prepared {
        let reason =
            "\(Self.oversizeReason) (\(size) bytes, max_message_size \(configuration.maxMessageSize)); "
            + "only its header was fetched, the mail is in the quarantine folder"
        let deadline = Deadline(secondsFromNow: Double(configuration.intake.maxParseTime.seconds))
        return Prepared(
            raw: header, parsed: .failure(QuarantineReason(text: reason)),
            header: try? parser.parse(header, deadline: deadline))
    }

    /// How the reason for a mail too large to fetch begins.
    public static let oversizeReason = "message too large to fetch"

    /// A mail that was in hand alone at two crashes of the daemon: quarantined unread.
    public func preparePoison(_ raw: [UInt8], crashes: Int) -> Prepared {
        let reason = "the daemon stopped \(crashes) times while this mail alone was being read; it is not read again"
        return Prepared(raw: raw, parsed: .failure(QuarantineReason(text: reason)))
    }

    /// Handles one mail; store errors propagate (the batch is rolled back and retried later).
    public func handle(_ raw: [UInt8], from source: Source, at now: Date, in session: StoreSession) throws -> Outcome {
        try handle(prepare(raw), from: source, at: now, in: session)
    }

    /// Handles one prepared mail inside the caller's transaction.
    public func handle(
        _ prepared: Prepared, from source: Source, at now: Date, in session: StoreSession
    ) throws
        -> Outcome
    {
        let raw = prepared.raw
        var message: ParsedMessage
        switch prepared.parsed {
        case .success(let parsed): message = parsed
        case .failure(let refusal):
            return try quarantine(
                raw, source: source, parsed: prepared.header, reason: refusal.text, at: now, in: session)
        }
        // A duplicate is the same Message-ID with the same content; another mail reusing a
        // known id (scanners, monitoring devices) is new mail under an id of its own.
        let digest = message.contentDigest
        var reusedID: String?
        if let known = try session.contentDigests(ofMessageID: message.messageID) {
            if known.contains(where: { $0 == nil || $0 == digest }) { return .duplicate }
            reusedID = message.messageID
            message.messageID = MessageIDList.synthesized("reused", digest: String(digest.prefix(40)))
            if let again = try session.contentDigests(ofMessageID: message.messageID),
                again.contains(where: { $0 == nil || $0 == digest })
            {
                return .duplicate
            }
        }
        if BounceDetector.isBounce(message) {
            return try handleBounce(message, source: source, at: now, in: session)
        }
        guard let sender = message.from else {
            return try quarantine(
                raw, source: source, parsed: message, reason: "no sender address (From)", at: now, in: session)
        }
        if configuration.ownAddresses.contains(sender.email) {
            // Our own mail came back (a copy to the support address, a loop): never a ticket.
            return try quarantine(
                raw, source: source, parsed: message, reason: "mail from our own address \(sender.email)", at: now,
                in: session)
        }
        let verdict = trust.verdict(
            from: sender.email, authenticationResults: message.headers.all("Authentication-Results"))
        let isAnalyst: Bool
        if case .analyst = verdict { isAnalyst = true } else { isAnalyst = false }
        let decision = try resolver.decide(
            sender: sender.email, senderIsAnalyst: isAnalyst, subject: message.subject,
            referencedIDs: message.references + message.inReplyTo,
            ticketByNumber: { try snapshot(session.ticket($0)) },
            ticketByMessageIDs: { try session.ticketID(forMessageIDs: $0).flatMap { try snapshot(session.ticket($0)) } }
        )
        let outcome: Outcome
        let ticketID: Int64
        switch decision {
        case .thread(let id):
            ticketID = id
            try storeReply(
                message, sender: sender, isAnalyst: isAnalyst, ticketID: ticketID, source: source, at: now,
                in: session)
            outcome = .threaded(ticketID: ticketID)
        case .newTicket(let refersTo, let reason):
            ticketID = try createTicket(message, sender: sender, source: source, at: now, in: session)
            if let refersTo {
                try session.addLink(from: ticketID, to: refersTo, kind: "refers_to")
                try session.addEvent(
                    TicketEvent(
                        .link, at: now, to: String(refersTo), detail: "refers to: \(reason ?? "")",
                        messageID: message.messageID), toTicket: ticketID)
            }
            outcome = .created(ticketID: ticketID)
        }
        if case .unproven(let reason) = verdict {
            try session.addEvent(
                TicketEvent(
                    .analystUnproven, actor: sender.email,
                    role: try role(of: sender, isAnalyst: false, on: ticketID, in: session),
                    at: now, detail: "mail in an analyst's name treated as anyone's: \(reason)",
                    messageID: message.messageID), toTicket: ticketID)
        }
        if let reusedID {
            try session.addEvent(
                TicketEvent(
                    .messageIDReused, at: now, from: reusedID, to: message.messageID,
                    detail: "Message-ID <\(reusedID)> was already used by a different mail",
                    messageID: message.messageID), toTicket: ticketID)
        }
        return outcome
    }

    private func snapshot(_ ticket: Ticket?) -> ThreadResolver.TicketSnapshot? {
        ticket.map {
            ThreadResolver.TicketSnapshot(
                id: $0.id, status: $0.status, requesterEmail: $0.requester.email, watchers: Set($0.watchers))
        }
    }

    private func createTicket(
        _ message: ParsedMessage, sender: MailAddress, source: Source, at now: Date, in session: StoreSession
    ) throws -> Int64 {
        let routing = route(message, sender: sender)
        let subject = tag.stripped(message.subject)
        let requester = Person(name: sender.name, email: sender.email)
        let ticketID = try session.createTicket(
            NewTicketRecord(
                subject: subject.isEmpty ? "(no subject)" : subject, priority: routing.priority,
                category: routing.outcome.category, requester: requester, calendar: routing.outcome.calendar,
                skill: routing.outcome.skill, tier: routing.outcome.tier, createdAt: source.arrivedAt))
        try storeMessage(message, sender: sender, ticketID: ticketID, source: source, in: session)
        let watchers = (message.to + message.cc).map(\.email)
            .filter { !configuration.ownAddresses.contains($0) && $0 != sender.email }
        try session.addWatchers(Array(Set(watchers)).sorted(), toTicket: ticketID)
        try session.addEvent(
            TicketEvent(
                .created, actor: sender.email, role: .requester, at: now, to: routing.priority.rawValue,
                detail: routing.ruleName.map { "rule \($0)" } ?? "", messageID: message.messageID), toTicket: ticketID)
        try sla.startClocks(
            ticketID: ticketID, priority: routing.priority, calendar: routing.outcome.calendar, at: source.arrivedAt,
            in: session)
        try acknowledge(message, sender: sender, ticketID: ticketID, subject: subject, at: now, in: session)
        return ticketID
    }

    private func storeReply(
        _ message: ParsedMessage, sender: MailAddress, isAnalyst: Bool, ticketID: Int64, source: Source, at now: Date,
        in session: StoreSession
    ) throws {
        try storeMessage(message, sender: sender, ticketID: ticketID, source: source, in: session)
        let role = try role(of: sender, isAnalyst: isAnalyst, on: ticketID, in: session)
        try session.addEvent(
            TicketEvent(.messageIn, actor: sender.email, role: role, at: now, messageID: message.messageID),
            toTicket: ticketID)
        if isAnalyst {
            try sla.responded(ticketID: ticketID, at: source.arrivedAt, in: session)
        }
        // The requester's reply reopens a pending or resolved ticket.
        if role == .requester, let ticket = try session.ticket(ticketID, relations: false),
            ticket.status == .pending || ticket.status == .resolved
        {
            try applier.change(
                ticketID, TicketChangeRequest(status: .open, reason: "requester replied", messageID: message.messageID),
                by: ChangeActor(name: sender.email, role: .requester), at: now, clocksAt: source.arrivedAt,
                in: session)
        }
    }

    /// In what capacity `sender` writes on ticket `ticketID`.
    private func role(
        of sender: MailAddress, isAnalyst: Bool, on ticketID: Int64, in session: StoreSession
    ) throws
        -> TicketEvent.Role
    {
        if isAnalyst { return .analyst }
        guard let ticket = try session.ticket(ticketID) else { return .watcher }
        return ticket.requester.email == sender.email ? .requester : .watcher
    }

    private func storeMessage(
        _ message: ParsedMessage, sender: MailAddress, ticketID: Int64, source: Source, in session: StoreSession
    ) throws {
        let kept = try rawMail.keep(message.raw)
        let rowID = try session.addMessage(
            MessageRecord(
                messageID: message.messageID, direction: .in, kind: .public,
                from: Person(name: sender.name, email: sender.email), subject: message.subject, body: message.textBody,
                raw: kept.inline, rawPath: kept.path, mailbox: source.mailbox, uid: source.uid,
                arrivedAt: source.arrivedAt, references: message.references + message.inReplyTo,
                contentDigest: message.contentDigest),
            toTicket: ticketID)
        var records: [AttachmentRecord] = []
        for attachment in message.attachments {
            let data = message.data(of: attachment)
            let digest = try attachments.store(data)
            records.append(
                AttachmentRecord(
                    filename: attachment.filename, contentType: attachment.contentType, size: data.count, sha256: digest
                ))
        }
        try session.addAttachments(records, toMessage: rowID)
    }

    /// Queues the acknowledgement unless loop rules or the per-sender limit forbid it; the
    /// reason for a suppressed one is recorded on the ticket.
    private func acknowledge(
        _ message: ParsedMessage, sender: MailAddress, ticketID: Int64, subject: String, at now: Date,
        in session: StoreSession
    ) throws {
        var suppression = loopRules.suppressionReason(for: message)
        let person = CanonicalAddress.key(sender.email)
        let limit = configuration.autoReplyLimit
        if suppression == nil {
            let recent = try session.autoReplyCount(to: person, since: now.addingTimeInterval(-limit.per.timeInterval))
            if recent >= limit.perSender {
                suppression = "auto_reply_limit reached (\(limit.perSender) per \(limit.per)) for \(person)"
            }
        }
        if suppression == nil, try session.autoReplyCount(since: now.addingTimeInterval(-3600)) >= limit.perHourTotal {
            suppression = "auto_reply_limit.per_hour_total reached (\(limit.perHourTotal) in the last hour)"
            if acknowledgementPause.count(at: now) {
                logger.warning(
                    "acknowledgements paused: the global cap is reached",
                    metadata: ["auto_reply_limit.per_hour_total": "\(limit.perHourTotal)"])
            }
        }
        if let suppression {
            try session.addEvent(
                TicketEvent(.acknowledgementSuppressed, at: now, detail: suppression, messageID: message.messageID),
                toTicket: ticketID)
            return
        }
        let context = AcknowledgementContext(
            ticketNumber: ticketID, tag: tag.token(for: ticketID), subject: subject.isEmpty ? "(no subject)" : subject,
            requesterName: sender.name.isEmpty ? sender.email : sender.name,
            supportAddress: configuration.supportAddress.email)
        try composer.queue(
            MailComposer.Request(
                context: context, ticketID: ticketID, recipient: sender,
                inReplyTo: message.messageID, references: message.references, autoSubmitted: "auto-replied",
                kind: "acknowledgement"),
            at: now, in: session)
        try session.recordAutoReply(to: person, at: now)
    }

    /// A delivery failure report about one of our mails is recorded on that ticket — matched
    /// only by the Message-IDs of mail we queued, found in the returned headers, so a forged
    /// report naming someone else's mail cannot write into a ticket. Any other is quarantined.
    /// A bounce never opens a ticket and is never answered.
    private func handleBounce(
        _ message: ParsedMessage, source: Source, at now: Date, in session: StoreSession
    ) throws
        -> Outcome
    {
        let returned = BounceDetector.returnedMessageIDs(message)
        guard let ticketID = try session.ticketID(forOutgoingMessageIDs: returned) else {
            return try quarantine(
                message.raw, source: source, parsed: message,
                reason: "delivery failure report for no mail ticketd sent", at: now, in: session)
        }
        let sender = message.from ?? MailAddress(name: "", email: "mailer-daemon")
        let kept = try rawMail.keep(message.raw)
        try session.addMessage(
            MessageRecord(
                messageID: message.messageID, direction: .in, kind: .auto,
                from: Person(name: sender.name, email: sender.email), subject: message.subject, body: message.textBody,
                raw: kept.inline, rawPath: kept.path, mailbox: source.mailbox, uid: source.uid,
                arrivedAt: source.arrivedAt, contentDigest: message.contentDigest),
            toTicket: ticketID)
        try session.addEvent(
            TicketEvent(
                .bounce, actor: sender.email, role: .system, at: now, detail: "delivery failed: \(message.subject)",
                messageID: message.messageID), toTicket: ticketID)
        return .bounce(ticketID: ticketID)
    }

    private func quarantine(
        _ raw: [UInt8], source: Source, parsed: ParsedMessage?, reason: String, at now: Date, in session: StoreSession
    ) throws -> Outcome {
        // Mail that does not parse is known by the digest of its bytes, so a second delivery of
        // it is a duplicate rather than a second quarantine entry.
        let messageID = parsed?.messageID ?? MessageIDList.synthesized("sha256", digest: Digest.sha256Hex(raw))
        if try session.isQuarantined(messageID: messageID) { return .duplicate }
        let kept = try rawMail.keep(raw)
        try session.quarantine(
            QuarantineRecord(
                mailbox: source.mailbox, uid: source.uid, messageID: messageID,
                sender: parsed?.from?.email ?? "", subject: parsed?.subject ?? "", reason: reason,
                raw: kept.inline ?? [], rawPath: kept.path,
                arrivedAt: source.arrivedAt, contentDigest: parsed?.contentDigest),
            at: now)
        return .quarantined(reason: reason)
    }

    /// Applies the routing rules (first match wins) and the VIP raise.
    private func route(
        _ message: ParsedMessage, sender: MailAddress
    ) -> (
        priority: Priority, outcome: RoutingRule.Outcome, ruleName: String?
    ) {
        let groups = configuration.groups.filter { $0.value.contains(sender.email) }.map(\.key)
        let values: [RoutingRule.Field: [String]] = [
            .subject: [message.subject], .from: [sender.email], .to: (message.to + message.cc).map(\.email),
            .body: [String(decoding: message.textBody.utf8.prefix(Self.ruleBodyPrefix), as: UTF8.self)],
            .fromGroup: groups,
        ]
        let rule = configuration.rules.first { $0.matches(values) }
        var priority = rule?.outcome.priority ?? configuration.defaultPriority
        if configuration.vipGroups.contains(where: groups.contains) { priority = priority.raised }
        return (priority, rule?.outcome ?? RoutingRule.Outcome(), rule?.name)
    }
}
