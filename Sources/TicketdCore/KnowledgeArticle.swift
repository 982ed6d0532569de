import Foundation

/// A knowledge-base article (`ticketd kb`, `#kb`): what fixed something, offered to users in
/// the acknowledgement of a similar ticket.
public struct KnowledgeArticle: Sendable, Equatable, Codable {
    public var id: Int64
    public var title: String
    public var body: String
    /// The ticket it was written from, if any.
    public var ticket: Int64?
    public var createdBy: String
    public var createdAt: Date
    /// Whether it is offered to users; a `#kb` article is a draft until an operator publishes it.
    public var published: Bool
    /// How well it matched a search: the share of the query's terms it holds (0…1); nil outside a search.
    public var score: Double?

    public init(
        id: Int64, title: String, body: String, ticket: Int64?, createdBy: String, createdAt: Date,
        published: Bool = true, score: Double? = nil
    ) {
        self.published = published
        self.id = id
        self.title = title
        self.body = body
        self.ticket = ticket
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.score = score
    }

    enum CodingKeys: String, CodingKey {
        case id, title, body, ticket
        case createdBy = "created_by"
        case createdAt = "created_at"
        case published, score
    }
}
