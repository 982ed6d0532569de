import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Renders a template into a mail about a ticket and queues it: one mail and one outbox row per
/// recipient (nobody sees who else got it), with its Message-ID fixed now, recorded on the ticket
/// as an outgoing message in the same transaction as the decision that caused it. A mail to an
/// analyst about a ticket carries a reply token as its Message-ID (`ReplyToken`); a mail to
/// anyone else leaves every token out of its In-Reply-To and References.
public struct MailComposer: Sendable {
    public let configuration: TicketdConfiguration
    public let templates: TemplateLibrary
    /// Mints and checks the analysts' reply tokens; nil without a key.
    public let replyTokens: ReplyToken?
    private let analystAddresses: Set<String>

    public init(configuration: TicketdConfiguration, templates: TemplateLibrary) {
        self.configuration = configuration
        self.templates = templates
        replyTokens = configuration.trust.secret.flatMap { ReplyToken(key: $0) }
        analystAddresses = Set(configuration.analysts.map { CanonicalAddress.key($0.email) })
    }

    /// For mail to the analyst at `email` alone (never a pager's copy): their personal command
    /// address (`trust.plus_addressing`) and how to use it; empty without one.
    public func commandAddressNote(for email: String) -> String {
        guard configuration.trust.plusAddressing,
            let address = replyTokens?.commandAddress(for: email, support: configuration.supportAddress.email)
        else { return "" }
        return "To open a ticket for someone, write to your personal address\n    \(address)\n"
            + "with \"#for ADDRESS\" on the first line. It proves the mail is yours: keep it\nto yourself.\n\n"
    }

    /// A mail to queue: a template's context and where the mail goes.
    public struct Request: Sendable {
        public var context: any TemplateContext
        /// nil only for a reply about mail that opened no ticket (a refused command).
        public var ticketID: Int64?
        public var recipient: MailAddress
        /// The Message-ID this mail answers, and the thread's ids.
        public var inReplyTo: String?
        public var references: [String]
        /// `auto-replied` (acknowledgements), `auto-generated` (notices), nil (relayed human replies).
        public var autoSubmitted: String?
        /// The outbox kind (`acknowledgement`, `escalation`, `relay`, …).
        public var kind: String
        /// More recipients of the same text (a relay to the requester copies the watchers): each
        /// gets a mail of their own.
        public var cc: [MailAddress] = []
        /// Whose words these are: the mail is from "NAME via <support name>" at the support address.
        public var onBehalfOf: String? = nil
        public var attachments: [OutgoingMessage.Attachment] = []
        /// How the copy is kept on the ticket: notices are `auto`, relayed replies `public` or `internal`.
        public var recordedKind: TicketMessage.Kind = .auto
        /// Broadcasts: `Precedence: bulk`, sent after mail to people about their own tickets, and
        /// not kept as a message per recipient (the broadcast keeps one copy).
        public var isBroadcast = false
        /// An HTML alternative of the rendered text (the weekly report).
        public var htmlBody: String? = nil
    }

    /// A rendered mail, ready to be queued.
    public struct Composed: Sendable {
        public var messageID: String
        public var ticketID: Int64?
        public var kind: String
        /// The first recipient (To).
        public var recipient: String
        /// Everyone the mail goes to.
        public var recipients: [String]
        public var from: MailAddress
        public var recordedKind: TicketMessage.Kind
        public var isBroadcast: Bool
        public var subject: String
        public var body: String
        public var references: [String]
        public var raw: [UInt8]
    }

    /// Queues one mail per recipient and returns the first one's Message-ID.
    @discardableResult
    public func queue(_ request: Request, at now: Date, in session: StoreSession) throws -> String {
        let mails = try composeEach(request, at: now)
        for mail in mails { try record(mail, at: now, in: session) }
        return mails[0].messageID
    }

    /// One mail for each recipient of `request` (the recipient, then each of `cc`).
    public func composeEach(_ request: Request, at now: Date) throws -> [Composed] {
        var mails = [try compose(request, at: now)]
        for copy in request.cc {
            var single = request
            single.recipient = copy
            single.cc = []
            mails.append(try compose(single, at: now))
        }
        return mails
    }

    /// Renders the template and the MIME mail to `request.recipient` alone (its `cc` is left to
    /// `composeEach`), with a new Message-ID. Touches no store, so several mails can be composed
    /// at once.
    public func compose(_ request: Request, at now: Date) throws -> Composed {
        let rendered = try templates.render(request.context)
        let tag = SubjectTag(configuration.subjectTag)
        let domain = configuration.supportAddress.domain.isEmpty ? "localhost" : configuration.supportAddress.domain
        let recipient = request.recipient
        let toAnalyst = analystAddresses.contains(CanonicalAddress.key(recipient.email))
        var messageID = Self.newMessageID(ticketID: request.ticketID ?? 0, domain: domain)
        if toAnalyst, let ticketID = request.ticketID, let replyTokens {
            messageID = replyTokens.mint(
                ticketID: ticketID, analyst: recipient.email, nonce: Self.randomHex(), domain: domain)
        }
        // A token goes back only to the analyst it was minted for.
        let ownToken = { (id: String) -> Bool in
            !ReplyToken.looksLikeToken(id)
                || (toAnalyst && replyTokens?.tickets(in: [id], for: recipient.email).isEmpty == false)
        }
        let inReplyTo = request.inReplyTo.flatMap { ownToken($0) ? $0 : nil }
        let support = configuration.supportAddress
        var from = support
        if let author = request.onBehalfOf {
            from = MailAddress(
                name: "\(author) via \(support.name.isEmpty ? configuration.subjectTag : support.name)",
                email: support.email)
        }
        var message = OutgoingMessage(
            from: from, to: [recipient],
            subject: request.ticketID.map { tag.tagged(rendered.subject, id: $0) } ?? rendered.subject,
            messageID: messageID, date: now, body: rendered.body, replyTo: support, inReplyTo: inReplyTo,
            references: Array(request.references.filter(ownToken).suffix(20)), autoSubmitted: request.autoSubmitted)
        if request.isBroadcast { message.precedence = "bulk" }
        message.htmlBody = request.htmlBody
        message.attachments = request.attachments
        if let inReplyTo, !message.references.contains(inReplyTo) {
            message.references.append(inReplyTo)
        }
        return Composed(
            messageID: messageID, ticketID: request.ticketID, kind: request.kind, recipient: recipient.email,
            recipients: [recipient.email], from: from,
            recordedKind: request.recordedKind, isBroadcast: request.isBroadcast, subject: message.subject,
            body: rendered.body,
            references: message.references, raw: message.render())
    }

    /// Queues a composed mail: its outbox row, and the outgoing message on its ticket, in the
    /// caller's transaction.
    public func record(_ mail: Composed, at now: Date, in session: StoreSession) throws {
        try session.enqueue(
            OutboxRecord(
                messageID: mail.messageID, ticketID: mail.ticketID, kind: mail.kind, recipients: mail.recipients,
                envelopeFrom: configuration.smtp.envelopeFrom ?? configuration.supportAddress.email, raw: mail.raw,
                priority: mail.isBroadcast ? 1 : 0),
            at: now)
        guard let ticketID = mail.ticketID, !mail.isBroadcast else { return }
        try session.addMessage(
            MessageRecord(
                messageID: mail.messageID, direction: .out, kind: mail.recordedKind,
                from: Person(name: mail.from.name, email: mail.from.email), subject: mail.subject, body: mail.body,
                arrivedAt: now, references: mail.references),
            toTicket: ticketID)
    }

    /// `ticketd.<ticket>.<random>@<support domain>`: unique (128 random bits), and telling which
    /// ticket it is for.
    static func newMessageID(ticketID: Int64, domain: String) -> String {
        "ticketd.\(ticketID).\(randomHex())@\(domain.isEmpty ? "localhost" : domain)"
    }

    /// 32 random hex digits (128 bits).
    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var random: [UInt8] = []
        random.reserveCapacity(32)
        for _ in 0..<2 {
            var bits = generator.next()
            for _ in 0..<16 {
                random.append(digits[Int(bits & 15)])
                bits >>= 4
            }
        }
        return String(decoding: random, as: UTF8.self)
    }
}
