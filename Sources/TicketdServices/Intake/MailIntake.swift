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
    let parser = MIMEParser()
    let loopRules: LoopRules
    let resolver: ThreadResolver
    let trust: AnalystTrust
    let senderCheck: SenderCheck
    let tag: SubjectTag
    let logger: Logger
    public let router: Router
    let acknowledgementPolicy: AcknowledgementPolicy
    let commandPlanner: MailCommandPlanner
    /// Who is on duty, their load, and who gets a ticket.
    public let roster: AnalystRoster
    public let knowledgeBase: KnowledgeBase

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
        applier = TicketApplier(configuration: configuration, sla: sla, composer: composer)
        commandPlanner = MailCommandPlanner(planner: applier.planner, takeOnReply: configuration.takeOnReply)
        roster = applier.problems.roster
        knowledgeBase = KnowledgeBase(configuration: configuration)
        loopRules = LoopRules(ownAddresses: configuration.ownAddresses)
        tag = SubjectTag(configuration.subjectTag)
        resolver = ThreadResolver(subjectTag: tag)
        router = Router(
            rules: configuration.rules, defaultPriority: configuration.defaultPriority, groups: configuration.groups,
            vipGroups: configuration.vipGroups, severityRules: configuration.severityRules)
        let limit = configuration.autoReplyLimit
        acknowledgementPolicy = AcknowledgementPolicy(
            perPerson: limit.perSender, window: limit.per.description, perHourTotal: limit.perHourTotal,
            perHourVerified: limit.perHourVerified)
        trust = AnalystTrust(
            analysts: configuration.analysts.map { (email: $0.email, authID: $0.authID) },
            believeFromHeader: configuration.trust.unauthenticatedAnalysts,
            domainExclusive: configuration.trust.analystDomainExclusive)
        senderCheck = SenderCheck(
            authservID: configuration.trust.authservID, dkimWithoutDMARC: configuration.trust.dkimWithoutDMARC)
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
            return Prepared(raw: raw, parsed: .success(try parser.parse(raw, deadline: parseDeadline)))
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
        return Prepared(
            raw: header, parsed: .failure(QuarantineReason(text: reason)),
            header: try? parser.parse(header, deadline: parseDeadline))
    }

    /// From now, `intake.max_parse_time` for reading one mail.
    private var parseDeadline: Deadline {
        Deadline(secondsFromNow: Double(configuration.intake.maxParseTime.seconds))
    }

    /// How the reason for a mail too large to fetch begins.
    public static let oversizeReason = "message too large to fetch"

    /// A mail that was in hand alone at two crashes of the daemon: quarantined unread.
    public func preparePoison(_ raw: [UInt8], crashes: Int) -> Prepared {
        let reason = "the daemon stopped \(crashes) times while this mail alone was being read; it is not read again"
        return Prepared(raw: raw, parsed: .failure(QuarantineReason(text: reason)))
    }

    /// Handles one mail; store errors propagate (the batch is rolled back and retried later).
    /// `openingAutomaticReplies` lets an automatic reply that belongs to no ticket open one
    /// (`quarantine retry`: an operator looked at it).
    public func handle(
        _ raw: [UInt8], from source: Source, at now: Date, openingAutomaticReplies: Bool = false,
        in session: StoreSession
    ) throws -> Outcome {
        try handle(
            prepare(raw), from: source, at: now, openingAutomaticReplies: openingAutomaticReplies, in: session)
    }

    /// Handles one prepared mail inside the caller's transaction.
    public func handle(
        _ prepared: Prepared, from source: Source, at now: Date, openingAutomaticReplies: Bool = false,
        in session: StoreSession
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
        let senderVerdict = senderCheck.verdict(message.headers)
        let threadIDs = message.references + message.inReplyTo
        let tokenTickets = try Set(
            (composer.replyTokens?.tickets(in: threadIDs, for: sender.email) ?? []).map {
                try session.mergeTarget(of: $0) ?? $0
            })
        var verdict = trust.verdict(
            from: sender.email, sender: senderVerdict, tokenTickets: tokenTickets,
            commandAddress: sentToCommandAddress(message, of: sender))
        func decide(asAnalyst isAnalyst: Bool) throws -> ThreadResolver.Decision {
            try resolver.decide(
                sender: sender.email, senderIsAnalyst: isAnalyst, subject: message.subject,
                referencedIDs: threadIDs,
                ticketByNumber: {
                    try snapshot(session.ticket(session.mergeTarget(of: $0) ?? $0), sender: sender.email, in: session)
                },
                ticketByMessageIDs: {
                    try session.ticketID(forMessageIDs: $0).flatMap {
                        try snapshot(
                            session.ticket(session.mergeTarget(of: $0) ?? $0), sender: sender.email, in: session)
                    }
                }
            )
        }
        var isAnalyst = false
        if case .analyst = verdict { isAnalyst = true }
        var decision = try decide(asAnalyst: isAnalyst)
        // A reply token proves the analyst on its own ticket only.
        if case .analyst(_, let only?) = verdict {
            var onItsTicket = false
            switch decision {
            case .thread(let id): onItsTicket = only.contains(id)
            case .newTicket: onItsTicket = only.contains(AnalystTrust.newMail)
            }
            if !onItsTicket {
                let named = only.subtracting([AnalystTrust.newMail]).sorted().map { "#\($0)" }
                verdict = .unproven(
                    reason: named.isEmpty
                        ? "a personal command address proves a new mail only"
                        : "the reply token it answers is for ticket \(named.joined(separator: ", ")) only")
                isAnalyst = false
                decision = try decide(asAnalyst: false)
            }
        }
        let outcome: Outcome
        let ticketID: Int64
        switch decision {
        case .thread(let id):
            ticketID = id
            try storeReply(
                message, sender: sender, verdict: senderVerdict, isAnalyst: isAnalyst, ticketID: ticketID,
                source: source, at: now, in: session)
            outcome = .threaded(ticketID: ticketID)
        case .newTicket(let refersTo, let reason):
            // An out-of-office that answers nothing we know: no ticket, nobody notified.
            if !openingAutomaticReplies, let automatic = loopRules.automaticReplyOpeningNothing(message) {
                return try quarantine(
                    raw, source: source, parsed: message,
                    reason: "automatic reply (\(automatic)) that belongs to no ticket; it opens none "
                        + "(ticketd quarantine retry makes a ticket of it)", at: now, in: session)
            }
            if isAnalyst {
                let opened = try openTicketAsAnalyst(
                    message, sender: sender, verdict: senderVerdict, source: source, at: now, in: session)
                guard case .created(let id) = opened else { return opened }
                ticketID = id
            } else {
                ticketID = try createTicket(
                    message, sender: sender, verdict: senderVerdict, source: source, at: now, in: session)
            }
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

    /// A ticket as the resolver sees it; people told of a problem by broadcast may answer in its
    /// thread, so for them it counts as watching.
    private func snapshot(
        _ ticket: Ticket?, sender: String, in session: StoreSession
    ) throws
        -> ThreadResolver.TicketSnapshot?
    {
        guard let ticket else { return nil }
        var watchers = Set(ticket.watchers)
        if try session.receivedBroadcast(sender, ofTicket: ticket.id) { watchers.insert(sender) }
        return ThreadResolver.TicketSnapshot(
            id: ticket.id, status: ticket.status, requesterEmail: ticket.requester.email, watchers: watchers)
    }
}

extension MailIntake {
    /// Whether `message` was sent to `sender`'s personal command address (`trust.plus_addressing`):
    /// in To or Cc, or where the receiving server recorded it (Delivered-To, X-Original-To).
    func sentToCommandAddress(_ message: ParsedMessage, of sender: MailAddress) -> Bool {
        guard configuration.trust.plusAddressing, let tokens = composer.replyTokens else { return false }
        let delivered = ["Delivered-To", "X-Original-To"].flatMap { message.headers.all($0) }
            .flatMap { AddressList.parse($0).map(\.email) }
        return ((message.to + message.cc).map(\.email) + delivered).contains {
            tokens.isCommandAddress($0, for: sender.email, support: configuration.supportAddress.email)
        }
    }
}
