import Foundation

/// One mail on a ticket, in or out.
public struct TicketMessage: Sendable, Equatable, Codable {
    public enum Direction: String, Sendable, Codable { case `in`, out }
    /// Public mail, an internal note (`#note`), or automatic mail (acknowledgements, notices).
    public enum Kind: String, Sendable, Codable { case `public`, `internal`, auto }

    public var messageID: String
    public var from: String
    public var direction: Direction
    public var kind: Kind
    public var createdAt: Date
    public var body: String
    public var attachments: [AttachmentInfo]
    /// What an incoming mail proved about its sender (nil for outgoing mail and mail stored
    /// before verdicts were kept).
    public var senderVerdict: SenderVerdict.Outcome?

    public init(
        messageID: String, from: String, direction: Direction, kind: Kind, createdAt: Date, body: String,
        attachments: [AttachmentInfo], senderVerdict: SenderVerdict.Outcome? = nil
    ) {
        self.senderVerdict = senderVerdict
        self.messageID = messageID
        self.from = from
        self.direction = direction
        self.kind = kind
        self.createdAt = createdAt
        self.body = body
        self.attachments = attachments
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case from, direction, kind
        case createdAt = "created_at"
        case body, attachments
        case senderVerdict = "sender_verdict"
    }
}

/// An attachment's metadata; the bytes live content-addressed under `attachments_dir`.
public struct AttachmentInfo: Sendable, Equatable, Codable {
    public var filename: String
    public var contentType: String
    public var size: Int

    public init(filename: String, contentType: String, size: Int) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
    }

    enum CodingKeys: String, CodingKey {
        case filename
        case contentType = "content_type"
        case size
    }
}
