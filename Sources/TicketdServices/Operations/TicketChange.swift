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

    public init(
        priority: Priority? = nil, status: TicketStatus? = nil, assignee: String? = nil, category: String? = nil
    ) {
        self.priority = priority
        self.status = status
        self.assignee = assignee
        self.category = category
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

    /// Applies the change to ticket `id` as `actor` at `now`, recording an event per field.
    public func apply(to id: Int64, actor: String, at now: Date, in session: StoreSession) throws {
        guard let ticket = try session.ticket(id) else { throw OperationError(.notFound, "no ticket #\(id)") }
        if let priority, priority != ticket.priority {
            try session.updateTicket(id, priority: priority, at: now)
            try session.addEvent(
                toTicket: id, type: "priority", actor: actor, at: now,
                detail: "\(ticket.priority.rawValue) -> \(priority.rawValue)")
        }
        if let status, status != ticket.status {
            try session.updateTicket(id, status: status, at: now)
            try session.addEvent(
                toTicket: id, type: "status", actor: actor, at: now,
                detail: "\(ticket.status.rawValue) -> \(status.rawValue)")
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
