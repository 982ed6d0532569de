import Foundation

/// An SLA clock as shown on a ticket (`first_response`, `resolution`, `step:NAME`).
public struct SLAClockView: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable { case running, paused, met, breached }

    public var name: String
    public var targetMinutes: Int
    public var dueAt: Date?
    public var state: State

    public init(name: String, targetMinutes: Int, dueAt: Date?, state: State) {
        self.name = name
        self.targetMinutes = targetMinutes
        self.dueAt = dueAt
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case name
        case targetMinutes = "target_minutes"
        case dueAt = "due_at"
        case state
    }
}
