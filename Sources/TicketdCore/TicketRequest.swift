import TicketdMIME

/// What opens a ticket, whatever brought it: a mail, a call an operator took (`ticket create`),
/// later the web form. The intake routes, stores, clocks and acknowledges every one the same way;
/// a phone ticket is never rendered to MIME and read back.
public struct TicketRequest: Sendable, Equatable {
    public enum Source: String, Sendable {
        case mail, phone, web
    }

    public var source: Source
    /// Whom the ticket is for.
    public var requester: MailAddress
    public var subject: String
    public var body: String
    /// The other addresses the request named (a mail's To and Cc): who may become a watcher.
    public var named: [String]
    /// The request's own Message-ID, and what it answers (a mail's; a phone ticket's is minted).
    public var messageID: String?
    public var references: [String]

    public init(
        source: Source, requester: MailAddress, subject: String, body: String, named: [String] = [],
        messageID: String? = nil, references: [String] = []
    ) {
        self.source = source
        self.requester = requester
        self.subject = subject
        self.body = body
        self.named = named
        self.messageID = messageID
        self.references = references
    }

    /// The request a mail makes for `requester` (its sender, or the user an analyst's `#for` names).
    public init(mail: ParsedMessage, requester: MailAddress) {
        self.init(
            source: .mail, requester: requester, subject: mail.subject, body: mail.textBody,
            named: (mail.to + mail.cc).map(\.email), messageID: mail.messageID, references: mail.references)
    }
}
