import Foundation

/// One entry of a ticket's audit trail: who did what, when, and the details.
public struct TicketEvent: Sendable, Equatable, Codable {
    public var type: String
    public var actor: String
    public var at: Date
    public var detail: String

    public init(type: String, actor: String, at: Date, detail: String) {
        self.type = type
        self.actor = actor
        self.at = at
        self.detail = detail
    }
}
