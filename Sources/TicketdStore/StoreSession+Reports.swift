import Foundation
import GRDB
import Synchronization
import TicketdCore

/// What reports read: `report_facts` (the event trail summarised per ticket by triggers, see
/// `ReportFactsMigration`) and, for events counted in the window and values changed after its
/// end, the trail itself.
extension StoreSession {
    /// The tallies for `[from, to)`; backlog ages are measured at `asOf`.
    public func reportTallies(from: Date, to: Date, asOf: Date) throws -> ReportTallies {
        var tallies = ReportTallies(
            from: Self.milliseconds(from), to: Self.milliseconds(to), asOf: Self.milliseconds(asOf))
        try countTickets(into: &tallies, to: to, numbered: Int64.min...Int64.max)
        try countEvents(into: &tallies, from: from, to: to)
        return tallies
    }

    /// Counts the incidents opened before `to` whose numbers fall in `numbers`.
    func countTickets(into tallies: inout ReportTallies, to: Date, numbered numbers: ClosedRange<Int64>) throws {
        let end = tallies.to
        let endText = to.storageText
        // A value as it stood at the window's end: the summary's, unless it changed since (then
        // the last change before the end, else `otherwise`, through `map`).
        func atEnd(_ column: String, kind: String, otherwise: String, map: (String) -> String = { $0 }) -> String {
            """
            CASE WHEN \(kind)_at IS NULL OR \(kind)_at < \(end) THEN \(column) ELSE \(map("""
                COALESCE((SELECT to_value FROM events e INDEXED BY events_by_ticket WHERE e.ticket_id = f.ticket_id
                  AND e.type = '\(kind)' AND e.at < '\(endText)' ORDER BY e.id DESC LIMIT 1), \(otherwise))
                """)) END
            """
        }
        let priorities = Priority.allCases
        func priority(_ rank: Int) -> Priority? { priorities.indices.contains(rank) ? priorities[rank] : nil }
        let opening = """
            (SELECT to_value FROM events e INDEXED BY events_by_ticket WHERE e.ticket_id = f.ticket_id
               AND e.type = 'created')
            """
        let tickets = try Row.fetchCursor(
            db,
            sql: """
                SELECT created_at, \(atEnd("priority", kind: "priority", otherwise: opening, map: ReportFactsMigration.rank)),
                    \(atEnd("category", kind: "category", otherwise: "NULL")),
                    \(atEnd("active", kind: "status", otherwise: "'new'", map: ReportFactsMigration.isActive)),
                    resolved_at, resolved_priority, credited, first_contact, first_response_met_at,
                    first_response_breached_at, resolution_met_at, resolution_breached_at, repeated
                FROM report_facts f WHERE ticket_id BETWEEN ? AND ? AND +created_at < ? AND is_problem = 0
                """, arguments: [numbers.lowerBound, numbers.upperBound, end])  // `+`: scanned, not looked up
        while let row = try tickets.next() {
            tallies.count(
                ReportTallies.TicketFacts(
                    createdAt: row[0], priority: priority(row[1]), category: row[2], isActive: row[3],
                    resolvedAt: row[4], resolvedPriority: (row[5] as Int?).flatMap(priority), credited: row[6],
                    firstContact: row[7] ?? false, firstResponse: .init(met: row[8], breached: row[9]),
                    resolution: .init(met: row[10], breached: row[11]), repeated: row[12]))
        }
    }

    /// The lowest and highest ticket number with a summary (0, 0 without any).
    func ticketNumbers() throws -> (Int64, Int64) {
        let row = try Row.fetchOne(db, sql: "SELECT MIN(ticket_id), MAX(ticket_id) FROM report_facts")
        return (row?[0] ?? 0, row?[1] ?? 0)
    }

    /// Counts the events in the window (reassignments, escalations, self-service resolutions,
    /// ratings) and lists the problems opened in it.
    func countEvents(into tallies: inout ReportTallies, from: Date, to: Date) throws {
        let window = StatementArguments([from.storageText, to.storageText])
        let inWindow = "at >= ? AND at < ?"
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT from_value, COUNT(*) FROM events INDEXED BY events_reassignments
                WHERE type = 'assignment' AND \(inWindow) AND from_value IS NOT NULL AND to_value IS NOT NULL
                GROUP BY from_value
                """, arguments: window)
        {
            tallies.reassignedFrom[row[0], default: 0] += row[1] as Int
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT to_value, COUNT(*) FROM events WHERE type = 'tier_escalation' AND \(inWindow) GROUP BY 1",
            arguments: window)
        {
            tallies.escalations[row[0] ?? "?", default: 0] += row[1] as Int
        }
        tallies.selfService =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM events WHERE type = 'self_service' AND \(inWindow)", arguments: window)
            ?? 0
        tallies.ratings = try String.fetchAll(
            db,
            sql: """
                SELECT to_value FROM events WHERE id IN (SELECT MAX(id) FROM events
                    WHERE type = 'satisfaction' AND \(inWindow) GROUP BY ticket_id)
                """, arguments: window
        ).compactMap { Int($0) }
        tallies.problems = try Row.fetchAll(
            db,
            sql: """
                SELECT f.ticket_id, t.subject, (SELECT COUNT(*) FROM tickets c WHERE c.parent_id = f.ticket_id)
                FROM report_facts f INDEXED BY report_facts_problems JOIN tickets t ON t.id = f.ticket_id
                WHERE f.is_problem = 1 AND f.created_at >= ? AND f.created_at < ? ORDER BY f.ticket_id
                """, arguments: [tallies.from, tallies.to]
        ).map { HelpDeskReport.Problem(id: $0[0], title: $0[1], children: $0[2]) }
    }

    /// A date as `report_facts` keeps times: milliseconds since 1970, rounded as stored dates are.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down))
    }
}

extension TicketStore {
    /// `StoreSession.reportTallies` with the incidents counted in `parts` read transactions side
    /// by side (one per core), each over its own range of ticket numbers, so each ticket is
    /// counted once, as one transaction saw it.
    public func reportTallies(from: Date, to: Date, asOf: Date, parts: Int) throws(StoreError) -> ReportTallies {
        let empty = ReportTallies(
            from: StoreSession.milliseconds(from), to: StoreSession.milliseconds(to),
            asOf: StoreSession.milliseconds(asOf))
        let parts = max(1, parts)
        let (first, last) = try read { session in
            try session.ticketNumbers()
        }
        let size = (last - first) / Int64(parts) + 1
        let results = Mutex<[Result<ReportTallies, StoreError>]>([])
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let result = Result { () throws(StoreError) -> ReportTallies in
                try read { session in
                    var tallies = empty
                    let low = first + Int64(part) * size
                    try session.countTickets(into: &tallies, to: to, numbered: low...(low + size - 1))
                    if part == 0 { try session.countEvents(into: &tallies, from: from, to: to) }
                    return tallies
                }
            }
            results.withLock { $0.append(result) }
        }
        var tallies = empty
        for result in results.withLock({ $0 }) { tallies.merge(try result.get()) }
        return tallies
    }
}
