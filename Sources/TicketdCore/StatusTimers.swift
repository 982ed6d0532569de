import Foundation

/// What time does to a ticket that waits: a resolved ticket closes after `autoCloseAfter`; a
/// pending one reminds its requester once after `reminderAfter` and is resolved after
/// `resolveAfter`. Pure: the sweeper asks, records the answer with its event in one
/// transaction, and the answer's own event is what makes it happen once.
public struct StatusTimers: Sendable {
    public enum Action: Sendable, Equatable {
        case close
        case remind
        case resolve
    }

    public let autoCloseAfter: TimeInterval
    public let reminderAfter: TimeInterval
    public let resolveAfter: TimeInterval

    public init(autoCloseAfter: TimeInterval, reminderAfter: TimeInterval, resolveAfter: TimeInterval) {
        self.autoCloseAfter = autoCloseAfter
        self.reminderAfter = reminderAfter
        self.resolveAfter = resolveAfter
    }

    /// What is due for a ticket in `status` since `since`, reminded last at `remindedAt`.
    public func due(status: TicketStatus, since: Date, remindedAt: Date?, at now: Date) -> Action? {
        let waited = now.timeIntervalSince(since)
        switch status {
        case .resolved: return waited >= autoCloseAfter ? .close : nil
        case .pending:
            if waited >= resolveAfter { return .resolve }
            let remindedThisTime = remindedAt.map { $0 >= since } ?? false
            if waited >= reminderAfter, !remindedThisTime, reminderAfter < resolveAfter { return .remind }
            return nil
        case .new, .open, .closed: return nil
        }
    }
}
