import Foundation

/// A service-level clock on a ticket: `first_response`, `resolution` or `step:NAME`.
///
/// The target is business time on `calendar`, counted from `startedAt`; time spent paused (a
/// ticket pending on its requester) is added to the target, so `dueAt` is always
/// `calendar.adding(target + paused, to: startedAt)`.
public struct SLAClock: Sendable, Equatable {
    public enum State: String, Sendable { case running, paused, met, breached }

    public var id: Int64?
    public var ticketID: Int64
    public var name: String
    public var targetMinutes: Int
    public var calendar: String
    public var startedAt: Date
    public var dueAt: Date
    public var state: State
    public var pausedAt: Date?
    /// Business seconds spent paused so far.
    public var pausedSeconds: Double
    public var warned: Bool
    /// How many escalation levels have been sent.
    public var escalationsSent: Int
    /// When the sweeper must look at this clock next; nil when nothing can happen (met, paused,
    /// or every notice sent).
    public var nextCheckAt: Date?

    public init(
        id: Int64? = nil, ticketID: Int64, name: String, targetMinutes: Int, calendar: String, startedAt: Date,
        dueAt: Date, state: State = .running, pausedAt: Date? = nil, pausedSeconds: Double = 0, warned: Bool = false,
        escalationsSent: Int = 0, nextCheckAt: Date? = nil
    ) {
        self.id = id
        self.ticketID = ticketID
        self.name = name
        self.targetMinutes = targetMinutes
        self.calendar = calendar
        self.startedAt = startedAt
        self.dueAt = dueAt
        self.state = state
        self.pausedAt = pausedAt
        self.pausedSeconds = pausedSeconds
        self.warned = warned
        self.escalationsSent = escalationsSent
        self.nextCheckAt = nextCheckAt
    }

    /// `step:NAME` for an interim step.
    public var isStep: Bool { name.hasPrefix("step:") }
}
