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
    private let parser = MIMEParser()
    private let loopRules: LoopRules
    private let resolver: ThreadResolver
    private let tag: SubjectTag

    public init(configuration: TicketdConfiguration, templates: TemplateLibrary) {
        self.configuration = configuration
        composer = MailComposer(configuration: configuration, templates: templates)
        attachments = AttachmentStore(directory: configuration.resolvedAttachmentsDirectory)
        rawMail = RawMailStore(directory: configuration.resolvedRawDirectory)
        sla = SLAEngine(configuration: configuration)
        loopRules = LoopRules(ownAddresses: configuration.ownAddresses)
        tag = SubjectTag(configuration.subjectTag)
        resolver = ThreadResolver(subjectTag: tag, analystEmails: Set(configuration.analysts.map(\.email)))
    }

    /// A mail parsed, or refused with its reason, before its transaction: parsing needs no
    /// store, so the poller does it before taking the database's write lock (which the outbox
    /// sender needs for its marks).
    public struct Prepared: Sendable {
        public let raw: [UInt8]
        let parsed: Result<ParsedMessage, QuarantineReason>
    }

    /// Why a mail cannot be parsed.
    struct QuarantineReason: Error, Sendable {
        let text: String
    }

    /// Checks the size and parses; never fails (a refusal is carried to `handle`).
    public func prepare(_ raw: [UInt8]) -> Prepared {
        if raw.count > configuration.maxMessageSize {
            let reason = "message of \(raw.count) bytes exceeds max_message_size (\(configuration.maxMessageSize))"
            return Prepared(raw: raw, parsed: .failure(QuarantineReason(text: reason)))
        }
        do {
            return Prepared(raw: raw, parsed: .success(try parser.parse(raw)))
        } catch {
            return Prepared(raw: raw, parsed: .failure(QuarantineReason(text: error.message)))
        }
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
        let message: ParsedMessage
        switch prepared.parsed {
        case .success(let parsed): message = parsed
        case .failure(let refusal):
            return try quarantine(raw, source: source, parsed: nil, reason: refusal.text, at: now, in: session)
        }
        if try session.hasMessage(withID: message.messageID) || session.isQuarantined(messageID: message.messageID) {
            return .duplicate
        }
        if message.isDeliveryStatusNotification {
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
        let decision = try resolver.decide(
            sender: sender.email, subject: message.subject, referencedIDs: message.references + message.inReplyTo,
            ticketByNumber: { try snapshot(session.ticket($0)) },
            ticketByMessageIDs: { try session.ticketID(forMessageIDs: $0).flatMap { try snapshot(session.ticket($0)) } }
        )
        switch decision {
        case .thread(let ticketID):
            try storeReply(message, sender: sender, ticketID: ticketID, source: source, at: now, in: session)
            return .threaded(ticketID: ticketID)
        case .newTicket(let refersTo, let reason):
            let ticketID = try createTicket(message, sender: sender, source: source, at: now, in: session)
            if let refersTo {
                try session.addLink(from: ticketID, to: refersTo, kind: "refers_to")
                try session.addEvent(
                    toTicket: ticketID, type: "refers_to", actor: "ticketd", at: now,
                    detail: "refers to #\(refersTo): \(reason ?? "")", messageID: message.messageID)
            }
            return .created(ticketID: ticketID)
        }
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
            toTicket: ticketID, type: "created", actor: sender.email, at: now,
            detail: "priority \(routing.priority.rawValue)" + (routing.ruleName.map { ", rule \($0)" } ?? ""),
            messageID: message.messageID)
        try sla.startClocks(
            ticketID: ticketID, priority: routing.priority, calendar: routing.outcome.calendar, at: source.arrivedAt,
            in: session)
        try acknowledge(message, sender: sender, ticketID: ticketID, subject: subject, at: now, in: session)
        return ticketID
    }

    private func storeReply(
        _ message: ParsedMessage, sender: MailAddress, ticketID: Int64, source: Source, at now: Date,
        in session: StoreSession
    ) throws {
        try storeMessage(message, sender: sender, ticketID: ticketID, source: source, in: session)
        try session.addEvent(
            toTicket: ticketID, type: "reply", actor: sender.email, at: now, detail: "mail from \(sender.email)",
            messageID: message.messageID)
        if configuration.analyst(withEmail: sender.email) != nil {
            try sla.responded(ticketID: ticketID, at: source.arrivedAt, in: session)
        }
        if let ticket = try session.ticket(ticketID), ticket.status == .pending || ticket.status == .resolved,
            sender.email == ticket.requester.email
        {
            try session.updateTicket(ticketID, status: .open, at: now)
            try sla.statusChanged(ticketID: ticketID, from: ticket.status, to: .open, at: source.arrivedAt, in: session)
            try session.addEvent(
                toTicket: ticketID, type: "status", actor: sender.email, at: now,
                detail: "\(ticket.status.rawValue) -> open (requester replied)", messageID: message.messageID)
        }
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
                arrivedAt: source.arrivedAt, references: message.references + message.inReplyTo),
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
        if suppression == nil {
            let limit = configuration.autoReplyLimit
            let recent = try session.autoReplyCount(
                to: sender.email, since: now.addingTimeInterval(-limit.per.timeInterval))
            if recent >= limit.perSender {
                suppression = "auto_reply_limit reached (\(limit.perSender) per \(limit.per)) for \(sender.email)"
            }
        }
        if let suppression {
            try session.addEvent(
                toTicket: ticketID, type: "acknowledgement_suppressed", actor: "ticketd", at: now, detail: suppression,
                messageID: message.messageID)
            return
        }
        let context = AcknowledgementContext(
            ticketNumber: ticketID, tag: tag.token(for: ticketID), subject: subject.isEmpty ? "(no subject)" : subject,
            requesterName: sender.name.isEmpty ? sender.email : sender.name,
            supportAddress: configuration.supportAddress.email)
        try composer.queue(
            MailComposer.Request(
                template: "acknowledgement", context: context.values, ticketID: ticketID, recipient: sender,
                inReplyTo: message.messageID, references: message.references, autoSubmitted: "auto-replied",
                kind: "acknowledgement"),
            at: now, in: session)
        try session.recordAutoReply(to: sender.email, at: now)
    }

    /// A delivery status notification about one of our mails is recorded on that ticket;
    /// one that names none of our mails is quarantined for a person to look at.
    private func handleBounce(
        _ message: ParsedMessage, source: Source, at now: Date, in session: StoreSession
    ) throws
        -> Outcome
    {
        let text = String(decoding: message.raw.prefix(256 * 1024), as: UTF8.self)
        let candidates = MessageIDList.parse(
            text.components(separatedBy: .newlines).filter {
                $0.lowercased().hasPrefix("message-id:") || $0.lowercased().hasPrefix("in-reply-to:")
                    || $0.lowercased().hasPrefix("references:")
            }.map { String($0.drop { $0 != ":" }.dropFirst()) }.joined(separator: " "))
        guard let ticketID = try session.ticketID(forMessageIDs: candidates) else {
            return try quarantine(
                message.raw, source: source, parsed: message, reason: "delivery status notification for no known mail",
                at: now, in: session)
        }
        let sender = message.from ?? MailAddress(name: "", email: "mailer-daemon")
        let kept = try rawMail.keep(message.raw)
        try session.addMessage(
            MessageRecord(
                messageID: message.messageID, direction: .in, kind: .auto,
                from: Person(name: sender.name, email: sender.email), subject: message.subject, body: message.textBody,
                raw: kept.inline, rawPath: kept.path, mailbox: source.mailbox, uid: source.uid,
                arrivedAt: source.arrivedAt),
            toTicket: ticketID)
        try session.addEvent(
            toTicket: ticketID, type: "bounce", actor: sender.email, at: now,
            detail: "delivery failed: \(message.subject)", messageID: message.messageID)
        return .bounce(ticketID: ticketID)
    }

    private func quarantine(
        _ raw: [UInt8], source: Source, parsed: ParsedMessage?, reason: String, at now: Date, in session: StoreSession
    ) throws -> Outcome {
        // Mail that does not parse is known by the digest of its bytes, so a second delivery of
        // it is a duplicate rather than a second quarantine entry.
        let messageID = parsed?.messageID ?? "sha256-\(Digest.sha256Hex(raw))@ticketd.invalid"
        if parsed == nil, try session.isQuarantined(messageID: messageID) { return .duplicate }
        let kept = try rawMail.keep(raw)
        try session.quarantine(
            QuarantineRecord(
                mailbox: source.mailbox, uid: source.uid, messageID: messageID,
                sender: parsed?.from?.email ?? "", subject: parsed?.subject ?? "", reason: reason,
                raw: kept.inline ?? [], rawPath: kept.path,
                arrivedAt: source.arrivedAt),
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
            .body: [message.textBody], .fromGroup: groups,
        ]
        let rule = configuration.rules.first { $0.matches(values) }
        var priority = rule?.outcome.priority ?? configuration.defaultPriority
        if configuration.vipGroups.contains(where: groups.contains) { priority = priority.raised }
        return (priority, rule?.outcome ?? RoutingRule.Outcome(), rule?.name)
    }
}
