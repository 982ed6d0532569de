import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Renders a template into a mail about a ticket and queues it: one outbox row per recipient,
/// with its Message-ID fixed now, recorded on the ticket as an outgoing message in the same
/// transaction as the decision that caused it.
public struct MailComposer: Sendable {
    public let configuration: TicketdConfiguration
    public let templates: TemplateLibrary

    public init(configuration: TicketdConfiguration, templates: TemplateLibrary) {
        self.configuration = configuration
        self.templates = templates
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
        /// More recipients of the same mail (a relay to the requester copies the watchers).
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

    /// Queues the mail and returns its Message-ID.
    @discardableResult
    public func queue(_ request: Request, at now: Date, in session: StoreSession) throws -> String {
        let mail = try compose(request, at: now)
        try record(mail, at: now, in: session)
        return mail.messageID
    }

    /// Renders the template and the MIME mail, with a new Message-ID. Touches no store, so
    /// several mails can be composed at once.
    public func compose(_ request: Request, at now: Date) throws -> Composed {
        let rendered = try templates.render(request.context)
        let tag = SubjectTag(configuration.subjectTag)
        let messageID = Self.newMessageID(ticketID: request.ticketID ?? 0, domain: configuration.supportAddress.domain)
        let support = configuration.supportAddress
        var from = support
        if let author = request.onBehalfOf {
            from = MailAddress(
                name: "\(author) via \(support.name.isEmpty ? configuration.subjectTag : support.name)",
                email: support.email)
        }
        var message = OutgoingMessage(
            from: from, to: [request.recipient],
            subject: request.ticketID.map { tag.tagged(rendered.subject, id: $0) } ?? rendered.subject,
            messageID: messageID, date: now, body: rendered.body, replyTo: support, inReplyTo: request.inReplyTo,
            references: Array(request.references.suffix(20)), autoSubmitted: request.autoSubmitted)
        message.cc = request.cc
        if request.isBroadcast { message.precedence = "bulk" }
        message.htmlBody = request.htmlBody
        message.attachments = request.attachments
        if let inReplyTo = request.inReplyTo, !message.references.contains(inReplyTo) {
            message.references.append(inReplyTo)
        }
        return Composed(
            messageID: messageID, ticketID: request.ticketID, kind: request.kind, recipient: request.recipient.email,
            recipients: [request.recipient.email] + request.cc.map(\.email), from: from,
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
        return "ticketd.\(ticketID).\(String(decoding: random, as: UTF8.self))@\(domain.isEmpty ? "localhost" : domain)"
    }
}
