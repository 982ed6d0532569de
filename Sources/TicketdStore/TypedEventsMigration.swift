import Foundation
import GRDB
import TicketdCore

/// `v5-typed-events`: events become typed rows (ARCHITECTURE "JSON shapes"): a kind from
/// `TicketEvent.Kind`, the actor's role, and the old and new value of a change in columns of
/// their own instead of text like "open -> pending". Rows written before are converted; from
/// now on a kind, role, status or priority the code does not know is refused by the database.
enum TypedEventsMigration {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE events ADD COLUMN role TEXT NOT NULL DEFAULT 'system';
                ALTER TABLE events ADD COLUMN from_value TEXT;
                ALTER TABLE events ADD COLUMN to_value TEXT;
                UPDATE events SET type = 'message_in' WHERE type = 'reply';
                UPDATE events SET type = 'assignment' WHERE type = 'assign';
                UPDATE events SET type = 'link' WHERE type = 'refers_to';
                """)
        // Old rows: values out of their text, roles from who acted.
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT events.id, events.type, events.actor, events.detail, tickets.requester_email
                FROM events JOIN tickets ON tickets.id = events.ticket_id
                """)
        for row in rows {
            let type: String = row["type"]
            let actor: String = row["actor"]
            let detail: String = row["detail"]
            let requester: String = row["requester_email"]
            var from: String?
            var to: String?
            switch type {
            case "status", "priority":
                if let arrow = detail.range(of: " -> ") {
                    from = String(detail[..<arrow.lowerBound])
                    to = detail[arrow.upperBound...].split(separator: " ").first.map(String.init)
                }
            case "assignment": to = detail == "unassigned" ? nil : detail
            case "category": to = detail
            default: break
            }
            let role: TicketEvent.Role =
                actor == TicketEvent.system
                ? .system
                : actor.lowercased() == requester.lowercased() ? .requester : actor.contains("@") ? .watcher : .operator
            try db.execute(
                sql: "UPDATE events SET role = ?, from_value = ?, to_value = ? WHERE id = ?",
                arguments: [role.rawValue, from, to, row["id"] as Int64])
        }
        // Any type the old code wrote that has no kind now stays readable as a note.
        let kinds = TicketEvent.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        try db.execute(sql: "UPDATE events SET type = 'note' WHERE type NOT IN (\(kinds))")
        try checks(db)
    }

    /// Triggers standing in for CHECK constraints (SQLite cannot add one to an existing table).
    /// They list the values known when the migration ran: a kind added later comes with a
    /// migration that drops these triggers and runs this again.
    ///
    /// A value is looked up in a text of the known ones (`instr(',a,b,', ',' || value || ',')`)
    /// rather than `NOT IN (...)`, which SQLite builds into a temporary table on every insert.
    static func checks(_ db: Database) throws {
        func unknown(_ column: String, _ values: [String]) -> String {
            "instr('," + values.joined(separator: ",") + ",', ',' || NEW.\(column) || ',') = 0"
        }
        let kinds = unknown("type", TicketEvent.Kind.allCases.map(\.rawValue))
        let roles = unknown("role", TicketEvent.Role.allCases.map(\.rawValue))
        let statuses = unknown("status", TicketStatus.allCases.map(\.rawValue))
        let priorities = unknown("priority", Priority.allCases.map(\.rawValue))
        for operation in ["INSERT", "UPDATE"] {
            try db.execute(
                sql: """
                    CREATE TRIGGER events_valid_\(operation.lowercased()) BEFORE \(operation) ON events
                    WHEN \(kinds) OR \(roles) OR NEW.type IS NULL OR NEW.role IS NULL
                    BEGIN SELECT RAISE(ABORT, 'events: unknown type or role'); END;
                    CREATE TRIGGER tickets_valid_\(operation.lowercased()) BEFORE \(operation) ON tickets
                    WHEN \(statuses) OR \(priorities) OR NEW.status IS NULL OR NEW.priority IS NULL
                    BEGIN SELECT RAISE(ABORT, 'tickets: unknown status or priority'); END;
                    """)
        }
    }

    /// Drops the checks (before `checks` runs again with the kinds known now).
    static func dropChecks(_ db: Database) throws {
        for name in ["events_valid_insert", "events_valid_update", "tickets_valid_insert", "tickets_valid_update"] {
            try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)")
        }
    }
}
