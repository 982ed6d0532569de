import Foundation

/// A ticket as operators and scripts see it (`ticket show --json`, ARCHITECTURE.md JSON shapes).
/// `messages`, `events` and `sla` are nil in lists and left out of their JSON.
public struct Ticket: Sendable, Equatable, Codable {
    public var id: Int64
    public var subject: String
    public var status: TicketStatus
    public var priority: Priority
    public var category: String?
    public var requester: Person
    public var watchers: [String]
    public var assignee: String?
    public var parent: Int64?
    public var children: [Int64]
    public var createdAt: Date
    public var messages: [TicketMessage]?
    public var events: [TicketEvent]?
    public var sla: [SLAClockView]?

    public init(
        id: Int64, subject: String, status: TicketStatus, priority: Priority, category: String?, requester: Person,
        watchers: [String], assignee: String?, parent: Int64?, children: [Int64], createdAt: Date,
        messages: [TicketMessage]? = nil, events: [TicketEvent]? = nil, sla: [SLAClockView]? = nil
    ) {
        self.id = id
        self.subject = subject
        self.status = status
        self.priority = priority
        self.category = category
        self.requester = requester
        self.watchers = watchers
        self.assignee = assignee
        self.parent = parent
        self.children = children
        self.createdAt = createdAt
        self.messages = messages
        self.events = events
        self.sla = sla
    }

    enum CodingKeys: String, CodingKey {
        case id, subject, status, priority, category, requester, watchers, assignee, parent, children
        case createdAt = "created_at"
        case messages, events, sla
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(subject, forKey: .subject)
        try container.encode(status, forKey: .status)
        try container.encode(priority, forKey: .priority)
        try container.encode(category, forKey: .category)  // null, not absent
        try container.encode(requester, forKey: .requester)
        try container.encode(watchers, forKey: .watchers)
        try container.encode(assignee, forKey: .assignee)
        try container.encode(parent, forKey: .parent)
        try container.encode(children, forKey: .children)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(messages, forKey: .messages)
        try container.encodeIfPresent(events, forKey: .events)
        try container.encodeIfPresent(sla, forKey: .sla)
    }
}
