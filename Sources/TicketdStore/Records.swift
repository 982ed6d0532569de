import Foundation
import TicketdCore

/// A ticket about to be created.
public struct NewTicketRecord: Sendable {
    public var subject: String
    public var status: TicketStatus
    public var priority: Priority
    public var category: String?
    public var requester: Person
    public var calendar: String?
    public var skill: String?
    public var tier: Int?
    public var createdAt: Date

    public init(
        subject: String, status: TicketStatus = .new, priority: Priority, category: String? = nil, requester: Person,
        calendar: String? = nil, skill: String? = nil, tier: Int? = nil, createdAt: Date
    ) {
        self.subject = subject
        self.status = status
        self.priority = priority
        self.category = category
        self.requester = requester
        self.calendar = calendar
        self.skill = skill
        self.tier = tier
        self.createdAt = createdAt
    }
}

/// A mail about to be stored on a ticket.
public struct MessageRecord: Sendable {
    public var messageID: String
    public var direction: TicketMessage.Direction
    public var kind: TicketMessage.Kind
    public var from: Person
    public var subject: String
    public var body: String
    public var raw: [UInt8]?
    /// Where the raw bytes are kept instead, for large mail.
    public var rawPath: String?
    public var mailbox: String?
    public var uid: UInt32?
    public var arrivedAt: Date
    /// The ids this mail names in In-Reply-To and References, for threading later replies.
    public var references: [String]
    /// The digest of what the mail says (`ParsedMessage.contentDigest`), for incoming mail.
    public var contentDigest: String?
    /// What incoming mail proved about its sender.
    public var senderVerdict: SenderVerdict.Outcome?

    public init(
        messageID: String, direction: TicketMessage.Direction, kind: TicketMessage.Kind, from: Person, subject: String,
        body: String, raw: [UInt8]? = nil, rawPath: String? = nil, mailbox: String? = nil, uid: UInt32? = nil,
        arrivedAt: Date, references: [String] = [], contentDigest: String? = nil,
        senderVerdict: SenderVerdict.Outcome? = nil
    ) {
        self.contentDigest = contentDigest
        self.senderVerdict = senderVerdict
        self.rawPath = rawPath
        self.messageID = messageID
        self.direction = direction
        self.kind = kind
        self.from = from
        self.subject = subject
        self.body = body
        self.raw = raw
        self.mailbox = mailbox
        self.uid = uid
        self.arrivedAt = arrivedAt
        self.references = references
    }
}

/// An attachment stored content-addressed on disk.
public struct AttachmentRecord: Sendable {
    public var filename: String
    public var contentType: String
    public var size: Int
    public var sha256: String

    public init(filename: String, contentType: String, size: Int, sha256: String) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
    }
}

/// Which tickets `ticket list` shows.
public struct TicketFilter: Sendable {
    public var status: TicketStatus?
    public var assignee: String?
    public var requester: String?
    public var limit: Int

    public init(status: TicketStatus? = nil, assignee: String? = nil, requester: String? = nil, limit: Int = 50) {
        self.status = status
        self.assignee = assignee
        self.requester = requester
        self.limit = limit
    }
}
