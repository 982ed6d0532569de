import Foundation
import GRDB
import TicketdCore

extension StoreSession {
    /// The earliest instant any clock needs attention, found through the index.
    public func nextClockDue() throws -> Date? {
        try Date.fetchOne(
            cached(
                "SELECT next_check_at FROM sla_clocks WHERE next_check_at IS NOT NULL ORDER BY next_check_at LIMIT 1"))
    }

    /// Inserts or replaces the clock of that name on its ticket.
    public func saveClock(_ clock: SLAClock) throws {
        try execute(
            sql: """
                INSERT INTO sla_clocks (ticket_id, name, target_minutes, calendar, started_at, due_at, state, paused_at,
                    paused_seconds, next_check_at, notices_sent, warned)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(ticket_id, name) DO UPDATE SET target_minutes = excluded.target_minutes,
                    calendar = excluded.calendar, started_at = excluded.started_at, due_at = excluded.due_at,
                    state = excluded.state, paused_at = excluded.paused_at, paused_seconds = excluded.paused_seconds,
                    next_check_at = excluded.next_check_at, notices_sent = excluded.notices_sent, warned = excluded.warned
                """,
            arguments: [
                clock.ticketID, clock.name, clock.targetMinutes, clock.calendar, clock.startedAt.storageText,
                clock.dueAt.storageText, clock.state.rawValue, clock.pausedAt?.storageText, clock.pausedSeconds,
                clock.nextCheckAt?.storageText, clock.escalationsSent,
                clock.warned,
            ])
    }

    /// The clocks of one ticket, oldest first.
    public func clocks(ofTicket ticketID: Int64) throws -> [SLAClock] {
        try Row.fetchAll(
            cached("SELECT * FROM sla_clocks WHERE ticket_id = ? ORDER BY id"), arguments: [ticketID]
        ).map(Self.clock(from:))
    }

    /// Clocks whose next check is due at `now`, earliest first, through the partial index.
    public func dueClocks(at now: Date, limit: Int) throws -> [SLAClock] {
        try Row.fetchAll(
            cached(
                """
                SELECT * FROM sla_clocks WHERE next_check_at IS NOT NULL AND next_check_at <= ?
                ORDER BY next_check_at LIMIT ?
                """),
            arguments: [now.storageText, limit]
        ).map(Self.clock(from:))
    }

    /// Removes a clock (a priority that has no policy any more).
    public func deleteClock(ticketID: Int64, name: String) throws {
        try execute(sql: "DELETE FROM sla_clocks WHERE ticket_id = ? AND name = ?", arguments: [ticketID, name])
    }

    private static func clock(from row: Row) -> SLAClock {
        SLAClock(
            id: row["id"], ticketID: row["ticket_id"], name: row["name"], targetMinutes: row["target_minutes"],
            calendar: row["calendar"], startedAt: row["started_at"], dueAt: row["due_at"],
            state: SLAClock.State(rawValue: row["state"]) ?? .running, pausedAt: row["paused_at"],
            pausedSeconds: row["paused_seconds"], warned: row["warned"], escalationsSent: row["notices_sent"],
            nextCheckAt: row["next_check_at"])
    }
}

extension StoreSession {
    /// The calendar a routing rule set on the ticket, if any.
    public func ticketCalendar(_ ticketID: Int64) throws -> String? {
        try String.fetchOne(cached("SELECT calendar FROM tickets WHERE id = ?"), arguments: [ticketID])
    }
}
