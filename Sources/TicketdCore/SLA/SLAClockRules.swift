import Foundation

/// The pure rules of SLA clocks: starting, pausing, resuming, meeting, retargeting, and what a
/// sweep at `now` must send. Time is always a parameter.
public struct SLAClockRules: Sendable {
    public let calendar: BusinessCalendar
    public let warnAt: Double
    public let escalationLevels: Int
    public let escalateEverySeconds: Int?

    public init(calendar: BusinessCalendar, warnAt: Double, escalationLevels: Int, escalateEverySeconds: Int?) {
        self.calendar = calendar
        self.warnAt = warnAt
        self.escalationLevels = escalationLevels
        self.escalateEverySeconds = escalateEverySeconds
    }

    /// A new running clock.
    public func start(ticketID: Int64, name: String, targetMinutes: Int, at start: Date) -> SLAClock {
        var clock = SLAClock(
            ticketID: ticketID, name: name, targetMinutes: targetMinutes, calendar: calendar.name, startedAt: start,
            dueAt: calendar.adding(seconds: Double(targetMinutes * 60), to: start))
        clock.nextCheckAt = nextCheck(for: clock)
        return clock
    }

    /// When the warning is due: `warnAt` of the target (plus pauses) into the clock.
    public func warningTime(for clock: SLAClock) -> Date {
        calendar.adding(seconds: Double(clock.targetMinutes * 60) * warnAt + clock.pausedSeconds, to: clock.startedAt)
    }

    /// When escalation level `level` (0-based) fires: at the breach, or spaced after it.
    public func escalationTime(for clock: SLAClock, level: Int) -> Date {
        clock.dueAt.addingTimeInterval(TimeInterval((escalateEverySeconds ?? 0) * level))
    }

    /// The next instant anything can happen to the clock, or nil.
    public func nextCheck(for clock: SLAClock) -> Date? {
        switch clock.state {
        case .met, .paused: return nil
        case .running, .breached:
            if clock.state == .running, !clock.warned, warnAt > 0, warnAt < 1 {
                let warning = warningTime(for: clock)
                if warning < clock.dueAt { return warning }
            }
            if clock.state == .running { return clock.dueAt }
            return clock.escalationsSent < escalationLevels
                ? escalationTime(for: clock, level: clock.escalationsSent) : nil
        }
    }

    /// What a sweep at `now` does to a clock: its new state and the notices to queue.
    public struct Sweep: Sendable, Equatable {
        public var clock: SLAClock
        public var sendWarning: Bool
        /// Escalation levels (0-based) to send now.
        public var escalationLevels: Range<Int>
    }

    public func sweep(_ clock: SLAClock, at now: Date) -> Sweep {
        var clock = clock
        var sendWarning = false
        var levels = clock.escalationsSent..<clock.escalationsSent
        guard clock.state == .running || clock.state == .breached else {
            clock.nextCheckAt = nil
            return Sweep(clock: clock, sendWarning: false, escalationLevels: levels)
        }
        if clock.state == .running, now >= clock.dueAt {
            clock.state = .breached
            clock.warned = true  // a breach supersedes a warning not yet sent
        }
        if clock.state == .running, !clock.warned, now >= warningTime(for: clock) {
            sendWarning = true
            clock.warned = true
        }
        if clock.state == .breached {
            var fired = clock.escalationsSent
            while fired < escalationLevels, now >= escalationTime(for: clock, level: fired) { fired += 1 }
            levels = clock.escalationsSent..<fired
            clock.escalationsSent = fired
        }
        clock.nextCheckAt = nextCheck(for: clock)
        return Sweep(clock: clock, sendWarning: sendWarning, escalationLevels: levels)
    }

    /// Stops the clock while the ticket waits on its requester.
    public func pause(_ clock: SLAClock, at now: Date) -> SLAClock {
        guard clock.state == .running else { return clock }
        var clock = clock
        clock.state = .paused
        clock.pausedAt = now
        clock.nextCheckAt = nil
        return clock
    }

    /// Restarts a paused clock; the paused business time does not count.
    public func resume(_ clock: SLAClock, at now: Date) -> SLAClock {
        guard clock.state == .paused, let pausedAt = clock.pausedAt else { return clock }
        var clock = clock
        clock.pausedSeconds += calendar.businessSeconds(from: pausedAt, to: now)
        clock.pausedAt = nil
        clock.state = .running
        clock.dueAt = calendar.adding(
            seconds: Double(clock.targetMinutes * 60) + clock.pausedSeconds, to: clock.startedAt)
        if now >= clock.dueAt { clock.state = .breached }
        clock.nextCheckAt = clock.state == .breached ? now : nextCheck(for: clock)
        return clock
    }

    /// Marks the clock met (a response, a resolution, a step done), if it is not already over.
    public func meet(_ clock: SLAClock, at now: Date) -> SLAClock {
        guard clock.state == .running || clock.state == .paused else { return clock }
        var clock = clock
        clock.state = now <= clock.dueAt || clock.state == .paused ? .met : .breached
        if clock.state == .breached {
            // Met late: the breach stands, but no further escalations are needed.
            clock.escalationsSent = max(clock.escalationsSent, escalationLevels)
        }
        clock.nextCheckAt = nil
        return clock
    }

    /// A new target (a priority change), counted from the clock's start as before.
    public func retarget(_ clock: SLAClock, minutes: Int, at now: Date) -> SLAClock {
        var clock = clock
        clock.targetMinutes = minutes
        clock.calendar = calendar.name
        clock.dueAt = calendar.adding(seconds: Double(minutes * 60) + clock.pausedSeconds, to: clock.startedAt)
        if clock.state == .running || clock.state == .breached {
            clock.state = now >= clock.dueAt ? .breached : .running
            clock.warned = false
            clock.escalationsSent = 0
            clock.nextCheckAt = clock.state == .breached ? now : nextCheck(for: clock)
        }
        return clock
    }
}
