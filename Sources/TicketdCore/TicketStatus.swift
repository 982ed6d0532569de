/// Where a ticket is in its life: new → open → (pending ↔ open) → resolved → closed.
public enum TicketStatus: String, Sendable, Codable, CaseIterable {
    case new, open, pending, resolved, closed

    /// New, open and pending tickets still need work.
    public var isActive: Bool { self == .new || self == .open || self == .pending }
}
