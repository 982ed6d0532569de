import Foundation
import TicketdCore
import TicketdStore

/// The SLA clocks of tickets, driven by what happens to them: started when a ticket is created,
/// met by the first analyst reply and by resolution, paused while pending, retargeted when the
/// priority changes, and interim steps opened and closed by name. Every change is recorded as an
/// event in the same transaction.
public struct SLAEngine: Sendable {
    public let policies: [Priority: SLAPolicy]
    public let calendars: [String: BusinessCalendar]

    public init(configuration: TicketdConfiguration) {
        calendars = configuration.calendars.merging(["24x7": .alwaysOpen]) { _, builtIn in builtIn }
        policies = configuration.sla.mapValues { settings in
            SLAPolicy(
                firstResponseMinutes: settings.firstResponse?.minutes, resolutionMinutes: settings.resolution?.minutes,
                calendar: settings.calendar, warnAt: settings.warnAt, escalateTo: settings.escalateTo,
                escalateEverySeconds: settings.escalateEvery?.seconds, pauseWhenPending: settings.pauseWhenPending)
        }
    }

    /// The rules for a ticket of `priority` whose calendar a routing rule may have set.
    func rules(priority: Priority, calendarOverride: String?) -> SLAClockRules {
        let policy = policies[priority]
        let calendar = calendars[calendarOverride ?? policy?.calendar ?? "24x7"] ?? .alwaysOpen
        return SLAClockRules(
            calendar: calendar, warnAt: policy?.warnAt ?? 0.8, escalationLevels: policy?.escalateTo.count ?? 0,
            escalateEverySeconds: policy?.escalateEverySeconds)
    }

    /// The rules for an existing clock: its own calendar (the policy's when a reload removed it),
    /// the policy's warning share and escalation levels.
    func rules(for clock: SLAClock, priority: Priority) -> SLAClockRules {
        let base = rules(priority: priority, calendarOverride: nil)
        return SLAClockRules(
            calendar: calendars[clock.calendar] ?? base.calendar, warnAt: base.warnAt,
            escalationLevels: base.escalationLevels, escalateEverySeconds: base.escalateEverySeconds)
    }

    /// Starts `first_response` and `resolution` for a new ticket (none when its priority has no
    /// policy), counting from the mail's arrival.
    public func startClocks(
        ticketID: Int64, priority: Priority, calendar: String?, at start: Date, in session: StoreSession
    )
        throws
    {
        guard let policy = policies[priority] else { return }
        let rules = rules(priority: priority, calendarOverride: calendar)
        for (name, minutes) in [
            ("first_response", policy.firstResponseMinutes), ("resolution", policy.resolutionMinutes),
        ] {
            guard let minutes else { continue }
            try session.saveClock(rules.start(ticketID: ticketID, name: name, targetMinutes: minutes, at: start))
        }
    }

    /// An analyst answered: `first_response` is met.
    public func responded(ticketID: Int64, at now: Date, in session: StoreSession) throws {
        try update(ticketID, names: ["first_response"], at: now, in: session, event: .slaMet) { $0.meet($1, at: now) }
    }

    /// The ticket's status changed: pending pauses (where the policy says so), leaving pending
    /// resumes, resolved or closed meets `first_response` and `resolution`.
    public func statusChanged(
        ticketID: Int64, from old: TicketStatus, to new: TicketStatus, at now: Date, in session: StoreSession
    )
        throws
    {
        guard let ticket = try session.ticket(ticketID) else { return }
        let pauses = policies[ticket.priority]?.pauseWhenPending ?? true
        if new == .resolved || new == .closed {
            try update(ticketID, names: ["first_response", "resolution"], at: now, in: session, event: .slaMet) {
                $0.meet($1, at: now)
            }
        } else if new == .pending && pauses {
            try update(ticketID, names: nil, at: now, in: session, event: .slaPaused) { $0.pause($1, at: now) }
        } else if old == .pending {
            try update(ticketID, names: nil, at: now, in: session, event: .slaResumed) { $0.resume($1, at: now) }
        }
    }

    /// The priority changed: targets are recomputed from the ticket's creation (as Zendesk and
    /// Zammad do); a priority without a policy removes its running clocks.
    public func priorityChanged(ticketID: Int64, to priority: Priority, at now: Date, in session: StoreSession) throws {
        let calendar = try session.ticketCalendar(ticketID)
        let rules = rules(priority: priority, calendarOverride: calendar)
        let policy = policies[priority]
        for clock in try session.clocks(ofTicket: ticketID) where !clock.isStep {
            let minutes = clock.name == "first_response" ? policy?.firstResponseMinutes : policy?.resolutionMinutes
            guard clock.state != .met else { continue }
            guard let minutes else {
                try session.deleteClock(ticketID: ticketID, name: clock.name)
                try session.addEvent(
                    TicketEvent(
                        .slaRemoved, at: now, from: clock.name,
                        detail: "\(clock.name): priority \(priority.rawValue) has no target", clock: clock.name),
                    toTicket: ticketID)
                continue
            }
            let updated = rules.retarget(clock, minutes: minutes, at: now)
            try session.saveClock(updated)
            try session.addEvent(
                TicketEvent(
                    .slaRetargeted, at: now, from: "\(clock.targetMinutes)", to: "\(minutes)",
                    detail:
                        "\(clock.name): \(clock.targetMinutes) -> \(minutes) min, due \(JSONOutput.rfc3339(updated.dueAt))",
                    clock: clock.name),
                toTicket: ticketID)
        }
        if let ticket = try session.ticket(ticketID), ticket.status == .new || ticket.status == .open {
            // A ticket with no clocks yet (its old priority had no policy) gets them now.
            if try session.clocks(ofTicket: ticketID).filter({ !$0.isStep }).isEmpty {
                try startClocks(
                    ticketID: ticketID, priority: priority, calendar: calendar, at: ticket.createdAt, in: session)
            }
        }
    }

    /// Opens an interim step clock (`step:NAME`), counted from now.
    public func startStep(
        ticketID: Int64, name: String, minutes: Int, actor: String, role: TicketEvent.Role = .operator, at now: Date,
        in session: StoreSession
    )
        throws
    {
        guard let ticket = try session.ticket(ticketID) else {
            throw OperationError(.notFound, "no ticket #\(ticketID)")
        }
        let rules = rules(priority: ticket.priority, calendarOverride: try session.ticketCalendar(ticketID))
        let clock = rules.start(ticketID: ticketID, name: "step:\(name)", targetMinutes: minutes, at: now)
        try session.saveClock(clock)
        try session.addEvent(
            TicketEvent(
                .stepStarted, actor: actor, role: role, at: now, to: name,
                detail: "\(name): \(minutes) min, due \(JSONOutput.rfc3339(clock.dueAt))", clock: "step:\(name)"),
            toTicket: ticketID)
    }

    /// Closes an interim step clock.
    public func finishStep(
        ticketID: Int64, name: String, actor: String, role: TicketEvent.Role = .operator, at now: Date,
        in session: StoreSession
    ) throws {
        guard try session.clocks(ofTicket: ticketID).contains(where: { $0.name == "step:\(name)" }) else {
            throw OperationError(.invalid, "ticket #\(ticketID) has no step \"\(name)\"")
        }
        try update(ticketID, names: ["step:\(name)"], at: now, in: session, event: .stepDone, actor: actor, role: role)
        {
            $0.meet($1, at: now)
        }
    }

    private func update(
        _ ticketID: Int64, names: Set<String>?, at now: Date, in session: StoreSession, event: TicketEvent.Kind,
        actor: String = TicketEvent.system, role: TicketEvent.Role = .system,
        _ change: (SLAClockRules, SLAClock) -> SLAClock
    ) throws {
        guard let ticket = try session.ticket(ticketID) else { return }
        for clock in try session.clocks(ofTicket: ticketID) where names?.contains(clock.name) ?? true {
            let updated = change(rules(for: clock, priority: ticket.priority), clock)
            guard updated != clock else { continue }
            try session.saveClock(updated)
            try session.addEvent(
                TicketEvent(
                    event, actor: actor, role: role, at: now, from: clock.state.rawValue, to: updated.state.rawValue,
                    detail: clock.name, clock: clock.name), toTicket: ticketID)
        }
    }
}
