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

    /// A mail to queue.
    public struct Request {
        public var template: String
        public var context: Any
        public var ticketID: Int64
        public var recipient: MailAddress
        /// The Message-ID this mail answers, and the thread's ids.
        public var inReplyTo: String?
        public var references: [String]
        /// `auto-replied` (acknowledgements) or `auto-generated` (notices).
        public var autoSubmitted: String?
        /// The outbox kind (`acknowledgement`, `escalation`, …).
        public var kind: String
    }

    /// Queues the mail and returns its Message-ID.
    @discardableResult
    public func queue(_ request: Request, at now: Date, in session: StoreSession) throws -> String {
        let rendered = try templates.render(request.template, context: request.context)
        let tag = SubjectTag(configuration.subjectTag)
        let messageID = Self.newMessageID(ticketID: request.ticketID, domain: configuration.supportAddress.domain)
        var message = OutgoingMessage(
            from: configuration.supportAddress, to: [request.recipient],
            subject: tag.tagged(rendered.subject, id: request.ticketID), messageID: messageID, date: now,
            body: rendered.body, replyTo: configuration.supportAddress, inReplyTo: request.inReplyTo,
            references: Array(request.references.suffix(20)), autoSubmitted: request.autoSubmitted)
        if let inReplyTo = request.inReplyTo, !message.references.contains(inReplyTo) {
            message.references.append(inReplyTo)
        }
        let raw = message.render()
        try session.enqueue(
            OutboxRecord(
                messageID: messageID, ticketID: request.ticketID, kind: request.kind,
                recipients: [request.recipient.email],
                envelopeFrom: configuration.smtp.envelopeFrom ?? configuration.supportAddress.email, raw: raw),
            at: now)
        try session.addMessage(
            MessageRecord(
                messageID: messageID, direction: .out, kind: .auto,
                from: Person(name: configuration.supportAddress.name, email: configuration.supportAddress.email),
                subject: message.subject, body: rendered.body, arrivedAt: now, references: message.references),
            toTicket: request.ticketID)
        return messageID
    }

    /// `ticketd.<ticket>.<random>@<support domain>`: unique, and telling which ticket it is for.
    static func newMessageID(ticketID: Int64, domain: String) -> String {
        let random = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return "ticketd.\(ticketID).\(random)@\(domain.isEmpty ? "localhost" : domain)"
    }
}

/// What the acknowledgement template sees. Rendered as a dictionary: swift-mustache reads
/// structs through Mirror, which costs more than the rest of the mail.
struct AcknowledgementContext {
    var ticketNumber: Int64
    var tag: String
    var subject: String
    var requesterName: String
    var supportAddress: String

    var values: [String: Any] {
        [
            "ticketNumber": ticketNumber, "tag": tag, "subject": subject, "requesterName": requesterName,
            "supportAddress": supportAddress,
        ]
    }
}
