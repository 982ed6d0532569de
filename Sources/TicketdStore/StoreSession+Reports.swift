import Foundation
import GRDB
import TicketdCore

/// What reports read: the typed event trails, nothing else.
extension StoreSession {
    /// The trail of every ticket created before `before`, each oldest first.
    public func eventTrails(createdBefore before: Date) throws -> [ReportCalculator.Trail] {
        var trails: [ReportCalculator.Trail] = []
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.ticket_id, e.type, e.actor, e.role, e.at, e.from_value, e.to_value, e.detail
                FROM events e JOIN tickets t ON t.id = e.ticket_id
                WHERE t.created_at < ? ORDER BY e.ticket_id, e.id
                """, arguments: [before.storageText])
        while let row = try cursor.next() {
            let id: Int64 = row["ticket_id"]
            let event = TicketEvent(
                try Self.stored(TicketEvent.Kind.self, row["type"], in: "events.type"), actor: row["actor"],
                role: try Self.stored(TicketEvent.Role.self, row["role"], in: "events.role"), at: row["at"],
                from: row["from_value"], to: row["to_value"], detail: row["detail"])
            if trails.last?.ticketID == id {
                trails[trails.count - 1].events.append(event)
            } else {
                trails.append(ReportCalculator.Trail(ticketID: id, events: [event]))
            }
        }
        return trails
    }
}
