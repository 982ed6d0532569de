import Foundation
import TicketdCore
import TicketdStore

/// An operator's change to a ticket (`ticketd ticket set`), applied like a mail command:
/// each field changed is an event on the ticket.
public struct TicketChange: Sendable {
    public var priority: Priority?
    public var status: TicketStatus?
    public var assignee: String?
    public var category: String?
    /// Interim steps: `(name, target)` opens a step clock, `(name, nil)` marks it done.
    public var steps: [(name: String, duration: TimeSpan?)]
    /// Up one tier (`--escalate`), the new assignee chosen there.
    public var escalate: Bool

    public init(
        priority: Priority? = nil, status: TicketStatus? = nil, assignee: String? = nil, category: String? = nil,
        steps: [(name: String, duration: TimeSpan?)] = [], escalate: Bool = false
    ) {
        self.escalate = escalate
        self.priority = priority
        self.status = status
        self.assignee = assignee
        self.category = category
        self.steps = steps
    }

    /// Parses `NAME=DURATION` or `NAME=done` (`--step`).
    public static func step(_ text: String) throws(OperationError) -> (name: String, duration: TimeSpan?) {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty,
            parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { throw OperationError(.invalid, "--step \"\(text)\" is not NAME=DURATION or NAME=done") }
        if parts[1] == "done" { return (parts[0], nil) }
        guard let span = TimeSpan(parts[1]), span.seconds > 0 else {
            throw OperationError(.invalid, "--step \"\(text)\": \"\(parts[1])\" is not a duration (4h, 3d) or done")
        }
        return (parts[0], span)
    }

    /// The change as a request to the planner.
    public var request: TicketChangeRequest {
        TicketChangeRequest(
            status: status, priority: priority, category: category, assignee: assignee,
            steps: steps.map { TicketChangeRequest.Step(name: $0.name, minutes: $0.duration?.minutes) })
    }

    /// Checks the change against the configuration (known analyst, known category) without a ticket.
    public func validate(against configuration: TicketdConfiguration) throws(OperationError) {
        let planner = TicketPlanner(analysts: configuration.analysts.map(\.name), categories: configuration.categories)
        let probe = TicketPlanner.Snapshot(
            id: 0, status: .new, priority: .medium, category: nil, assignee: nil, steps: Set(steps.map(\.name)))
        if case .failure(let refusal) = planner.plan(request, for: probe, by: .system, at: Date()) {
            throw OperationError(.invalid, refusal.message)
        }
    }

    /// Applies the change to ticket `id` as the operator `actor` at `now`, through the planner
    /// and the applier: an event per field changed, the SLA clocks moved along.
    public func apply(
        to id: Int64, actor: String, at now: Date, applier: TicketApplier, roster: AnalystRoster? = nil,
        in session: StoreSession
    )
        throws
    {
        var request = request
        if escalate {
            guard let roster else { throw OperationError(.invalid, "--escalate needs the analysts") }
            request.escalation = try roster.assignment(at: now, in: session)
        }
        try applier.change(id, request, by: ChangeActor(name: actor, role: .operator), at: now, in: session)
    }
}

/// A request that cannot be carried out as asked (unknown ticket, unknown analyst).
public struct OperationError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable { case notFound, invalid }
    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
