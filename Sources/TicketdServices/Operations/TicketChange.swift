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

    public init(
        priority: Priority? = nil, status: TicketStatus? = nil, assignee: String? = nil, category: String? = nil,
        steps: [(name: String, duration: TimeSpan?)] = []
    ) {
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

    /// Checks the change against the configuration: known analyst, known category.
    public func validate(against configuration: TicketdConfiguration) throws(OperationError) {
        if let assignee, !assignee.isEmpty, !configuration.analysts.contains(where: { $0.name == assignee }) {
            let names = configuration.analysts.map(\.name).joined(separator: ", ")
            throw OperationError(
                .invalid, "unknown analyst \"\(assignee)\" (configured: \(names.isEmpty ? "none" : names))")
        }
        if let category, !configuration.categories.isEmpty, !configuration.categories.contains(category) {
            throw OperationError(
                .invalid,
                "unknown category \"\(category)\" (configured: \(configuration.categories.joined(separator: ", ")))")
        }
    }

    /// Applies the change to ticket `id` as `actor` at `now`, recording an event per field and
    /// moving the SLA clocks along.
    public func apply(to id: Int64, actor: String, at now: Date, sla: SLAEngine, in session: StoreSession) throws {
        guard let ticket = try session.ticket(id) else { throw OperationError(.notFound, "no ticket #\(id)") }
        if let priority, priority != ticket.priority {
            try session.updateTicket(id, priority: priority, at: now)
            try session.addEvent(
                toTicket: id, type: "priority", actor: actor, at: now,
                detail: "\(ticket.priority.rawValue) -> \(priority.rawValue)")
            try sla.priorityChanged(ticketID: id, to: priority, at: now, in: session)
        }
        if let status, status != ticket.status {
            try session.updateTicket(id, status: status, at: now)
            try session.addEvent(
                toTicket: id, type: "status", actor: actor, at: now,
                detail: "\(ticket.status.rawValue) -> \(status.rawValue)")
            try sla.statusChanged(ticketID: id, from: ticket.status, to: status, at: now, in: session)
        }
        if let assignee, assignee != (ticket.assignee ?? "") {
            try session.updateTicket(id, assignee: .some(assignee.isEmpty ? nil : assignee), at: now)
            try session.addEvent(
                toTicket: id, type: "assign", actor: actor, at: now, detail: assignee.isEmpty ? "unassigned" : assignee)
        }
        if let category, category != ticket.category {
            try session.updateTicket(id, category: .some(category), at: now)
            try session.addEvent(toTicket: id, type: "category", actor: actor, at: now, detail: category)
        }
        for step in steps {
            if let duration = step.duration {
                try sla.startStep(
                    ticketID: id, name: step.name, minutes: duration.minutes, actor: actor, at: now, in: session)
            } else {
                try sla.finishStep(ticketID: id, name: step.name, actor: actor, at: now, in: session)
            }
        }
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
