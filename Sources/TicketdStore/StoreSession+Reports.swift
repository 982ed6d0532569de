import Foundation
import GRDB
import TicketdCore

/// What reports read: `report_facts` (the event trail summarised per ticket by triggers, see
/// `ReportFactsMigration`) and, for events counted in the window and values changed after its
/// end, the trail itself.
extension StoreSession {
    /// The tallies for `[from, to)`; backlog ages are measured at `asOf`.
    public func reportTallies(from: Date, to: Date, asOf: Date) throws -> ReportTallies {
        let start = Self.milliseconds(from)
        let end = Self.milliseconds(to)
        let endText = to.storageText
        let window = StatementArguments([from.storageText, endText])
        var tallies = ReportTallies()
        // A value as it stood at the window's end: the summary's, unless it changed since.
        func atEnd(_ column: String, otherwise: String = "NULL") -> String {
            """
            CASE WHEN \(column)_at IS NULL OR \(column)_at < \(end) THEN \(column) ELSE COALESCE((
                SELECT to_value FROM events e WHERE e.ticket_id = f.ticket_id AND e.type = '\(column)'
                  AND e.at < '\(endText)' ORDER BY e.id DESC LIMIT 1), \(otherwise)) END
            """
        }
        func rank(_ expression: String) -> String {
            "CASE \(expression) "
                + Priority.allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0) " }.joined() + "ELSE -1 END"
        }
        func priority(_ rank: Int) -> Priority? {
            Priority.allCases.indices.contains(rank) ? Priority.allCases[rank] : nil
        }

        let opened = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(atEnd("category")) AS category, created_at / 900000 AS quarter, COUNT(*), SUM(repeated)
                FROM report_facts f WHERE created_at >= ? AND created_at < ? AND is_problem = 0
                GROUP BY category, quarter
                """, arguments: [start, end])
        while let row = try opened.next() {
            tallies.opened.append(.init(category: row[0], quarterHour: row[1], count: row[2], repeated: row[3]))
        }

        let resolved = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(rank("resolved_priority")), created_at, resolved_at FROM report_facts
                WHERE resolved_at >= ? AND resolved_at < ? AND is_problem = 0
                """, arguments: [start, end])
        while let row = try resolved.next() {
            guard let priority = priority(row[0]) else { continue }
            tallies.resolutions[priority, default: []].append(.init(start: row[1], end: row[2]))
        }
        let credits = try Row.fetchCursor(
            db,
            sql: """
                SELECT credited, COUNT(*), SUM(first_contact) FROM report_facts
                WHERE resolved_at >= ? AND resolved_at < ? AND is_problem = 0 GROUP BY credited
                """, arguments: [start, end])
        while let row = try credits.next() {
            tallies.resolvedBy[row[0] ?? "unassigned", default: 0] += row[1] as Int
            tallies.firstContact += row[2] as Int
        }

        // SLA clocks by priority at the window's end, and the backlog, over tickets opened before it.
        let active = TicketStatus.allCases.filter(\.isActive).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        func outcome(_ clock: String) -> String {
            """
            COUNT(CASE WHEN \(clock)_breached_at >= \(start) AND \(clock)_breached_at < \(end) THEN 1 END),
            COUNT(CASE WHEN (\(clock)_breached_at IS NULL OR \(clock)_breached_at >= \(end))
                AND \(clock)_met_at >= \(start) AND \(clock)_met_at < \(end) THEN 1 END),
            COUNT(CASE WHEN active AND (\(clock)_breached_at IS NULL OR \(clock)_breached_at >= \(end))
                AND (\(clock)_met_at IS NULL OR \(clock)_met_at >= \(end)) THEN 1 END)
            """
        }
        let opening = "(SELECT to_value FROM events e WHERE e.ticket_id = f.ticket_id AND e.type = 'created')"
        let clocks = try Row.fetchCursor(
            db,
            sql: """
                SELECT priority, CASE WHEN active THEN (\(Self.milliseconds(asOf)) - created_at) / 86400000 END AS age,
                    COUNT(*), \(outcome("first_response")), \(outcome("resolution"))
                FROM (SELECT \(rank(atEnd("priority", otherwise: opening))) AS priority,
                        \(atEnd("status", otherwise: "'new'")) IN (\(active)) AS active,
                        created_at, first_response_met_at, first_response_breached_at,
                        resolution_met_at, resolution_breached_at
                      FROM report_facts f WHERE created_at < ? AND is_problem = 0)
                GROUP BY priority, age
                """, arguments: [end])
        while let row = try clocks.next() {
            if let days = row[1] as Int? { tallies.activeByAgeDays[max(0, days), default: 0] += row[2] as Int }
            guard let priority = priority(row[0]) else { continue }
            for (offset, clock) in [(3, "first_response"), (6, "resolution")] {
                var counts = tallies.compliance[priority, default: [:]][clock, default: .init()]
                counts.breached += row[offset] as Int
                counts.met += row[offset + 1] as Int
                counts.running += row[offset + 2] as Int
                tallies.compliance[priority, default: [:]][clock] = counts
            }
        }

        // Events counted in the window.
        let inWindow = "at >= ? AND at < ?"
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT from_value, COUNT(*) FROM events WHERE type = 'assignment' AND \(inWindow)
                  AND from_value IS NOT NULL AND to_value IS NOT NULL GROUP BY from_value
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
                FROM report_facts f JOIN tickets t ON t.id = f.ticket_id
                WHERE f.is_problem = 1 AND f.created_at >= ? AND f.created_at < ? ORDER BY f.ticket_id
                """, arguments: [start, end]
        ).map { HelpDeskReport.Problem(id: $0[0], title: $0[1], children: $0[2]) }
        return tallies
    }

    /// A date as `report_facts` keeps times: milliseconds since 1970, rounded as stored dates are.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down))
    }
}
