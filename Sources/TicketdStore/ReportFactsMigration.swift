import GRDB
import TicketdCore

/// `v10-report-facts`: one row per ticket summarising its typed event trail for reports,
/// kept by triggers on `events` in the same transaction as each event (so it can never
/// disagree with the trail), and filled for existing tickets by replaying their events.
///
/// Times are integer milliseconds since 1970 (exact to compare, cheap to subtract). Values that
/// a report needs "at the window's end" keep the time of their last change, so a query reads
/// the trail only for tickets changed after that end. What the first resolution decides
/// (credit, first-contact, priority) is fixed when it happens, which is also why a purge,
/// which blanks the events' details and addresses, leaves every figure as it was.
enum ReportFactsMigration {
    /// SQL for an event's time in milliseconds.
    static let milliseconds = "CAST(ROUND((julianday(NEW.at) - 2440587.5) * 86400000.0) AS INTEGER)"

    /// SQL for a priority's `rank` (-1 for none); the summary keeps ranks, not names.
    static func rank(_ expression: String) -> String {
        "CASE \(expression) "
            + Priority.allCases.map { "WHEN '\($0.rawValue)' THEN \($0.rank) " }.joined() + "ELSE -1 END"
    }

    /// SQL for whether a status is active (new, open, pending): 1 or 0.
    static func isActive(_ expression: String) -> String {
        let active = TicketStatus.allCases.filter(\.isActive).map(\.rawValue).joined(separator: ",")
        return "(instr(',\(active),', ',' || \(expression) || ',') > 0)"
    }

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE report_facts (
                    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL,
                    is_problem INTEGER NOT NULL DEFAULT 0,
                    requester TEXT,
                    priority INTEGER NOT NULL,
                    priority_at INTEGER,
                    category TEXT,
                    category_at INTEGER,
                    active INTEGER NOT NULL DEFAULT 1,
                    status_at INTEGER,
                    assignee TEXT,
                    public_replies INTEGER NOT NULL DEFAULT 0,
                    reassigned INTEGER NOT NULL DEFAULT 0,
                    escalated INTEGER NOT NULL DEFAULT 0,
                    resolved_at INTEGER,
                    resolved_priority INTEGER,
                    credited TEXT,
                    first_contact INTEGER,
                    first_response_met_at INTEGER,
                    first_response_breached_at INTEGER,
                    resolution_met_at INTEGER,
                    resolution_breached_at INTEGER,
                    repeated INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX report_facts_by_created ON report_facts(created_at);
                CREATE INDEX report_facts_by_resolved ON report_facts(resolved_at) WHERE resolved_at IS NOT NULL;
                CREATE INDEX report_facts_by_requester ON report_facts(requester, created_at);
                CREATE INDEX report_facts_problems ON report_facts(created_at) WHERE is_problem = 1;
                CREATE INDEX events_by_type ON events(type, at);
                CREATE INDEX events_reassignments ON events(at, from_value)
                    WHERE type = 'assignment' AND from_value IS NOT NULL AND to_value IS NOT NULL;
                """)
        try triggers(db)
        // The checks again, cheaper per insert (see `TypedEventsMigration.checks`).
        try TypedEventsMigration.dropChecks(db)
        try TypedEventsMigration.checks(db)
        // Existing trails, replayed in order through the triggers.
        try db.execute(
            sql: """
                CREATE TEMP TABLE replayed_events AS SELECT * FROM events;
                DELETE FROM events;
                INSERT INTO events SELECT * FROM replayed_events ORDER BY id;
                DROP TABLE replayed_events;
                """)
    }

    static func triggers(_ db: Database) throws {
        let at = milliseconds
        let this = "WHERE ticket_id = NEW.ticket_id"
        // Whether the ticket's requester opened another ticket of its category in the 30 days
        // before it (decided when it is opened or categorised).
        let repeated = """
            UPDATE report_facts SET repeated = EXISTS (
                SELECT 1 FROM report_facts other
                WHERE other.requester = report_facts.requester AND other.ticket_id < report_facts.ticket_id
                  AND other.created_at BETWEEN report_facts.created_at - 2592000000 AND report_facts.created_at
                  AND other.category IS report_facts.category AND other.is_problem = 0)
            \(this) AND requester IS NOT NULL;
            """
        let firstResolution = "resolved_at IS NULL AND NEW.to_value = 'resolved'"
        try db.execute(
            sql: """
                CREATE TRIGGER report_facts_created AFTER INSERT ON events WHEN NEW.type = 'created' BEGIN
                    INSERT OR IGNORE INTO report_facts (ticket_id, created_at, is_problem, requester, priority)
                    VALUES (NEW.ticket_id, \(at),
                        COALESCE((SELECT is_problem FROM tickets WHERE id = NEW.ticket_id), 0),
                        CASE WHEN NEW.role = 'requester' AND NEW.actor != 'purged' THEN lower(NEW.actor) END,
                        \(rank("COALESCE(NEW.to_value, 'medium')")));
                    \(repeated)
                END;
                CREATE TRIGGER report_facts_priority AFTER INSERT ON events
                WHEN NEW.type = 'priority' AND NEW.to_value IS NOT NULL BEGIN
                    UPDATE report_facts SET priority = \(rank("NEW.to_value")), priority_at = \(at) \(this);
                END;
                CREATE TRIGGER report_facts_category AFTER INSERT ON events WHEN NEW.type = 'category' BEGIN
                    UPDATE report_facts SET category = NEW.to_value, category_at = \(at) \(this);
                    \(repeated)
                END;
                CREATE TRIGGER report_facts_assignment AFTER INSERT ON events WHEN NEW.type = 'assignment' BEGIN
                    UPDATE report_facts SET assignee = NEW.to_value,
                        reassigned = CASE WHEN resolved_at IS NULL AND NEW.from_value IS NOT NULL
                            AND NEW.to_value IS NOT NULL THEN 1 ELSE reassigned END
                    \(this);
                END;
                CREATE TRIGGER report_facts_escalation AFTER INSERT ON events WHEN NEW.type = 'tier_escalation' BEGIN
                    UPDATE report_facts SET escalated = CASE WHEN resolved_at IS NULL THEN 1 ELSE escalated END \(this);
                END;
                \(publicReplyTrigger(when: "NEW.detail = 'public reply'"))
                CREATE TRIGGER report_facts_status AFTER INSERT ON events
                WHEN NEW.type = 'status' AND NEW.to_value IS NOT NULL BEGIN
                    UPDATE report_facts SET active = \(isActive("NEW.to_value")), status_at = \(at),
                        resolved_at = CASE WHEN \(firstResolution) THEN \(at) ELSE resolved_at END,
                        resolved_priority = CASE WHEN \(firstResolution) THEN priority ELSE resolved_priority END,
                        credited = CASE WHEN \(firstResolution) THEN COALESCE(
                            assignee, CASE WHEN NEW.role = 'analyst' THEN NEW.actor END, 'unassigned') ELSE credited END,
                        first_contact = CASE WHEN \(firstResolution) THEN
                            public_replies = 1 AND reassigned = 0 AND escalated = 0 ELSE first_contact END
                    \(this);
                END;
                \(slaMetTrigger(clock: "NEW.detail"))
                CREATE TRIGGER report_facts_sla_breach AFTER INSERT ON events WHEN NEW.type = 'sla_breach' BEGIN
                    UPDATE report_facts SET
                        first_response_breached_at = CASE WHEN NEW.to_value = 'first_response'
                            THEN COALESCE(first_response_breached_at, \(at)) ELSE first_response_breached_at END,
                        resolution_breached_at = CASE WHEN NEW.to_value = 'resolution'
                            THEN COALESCE(resolution_breached_at, \(at)) ELSE resolution_breached_at END
                    \(this);
                END;
                CREATE TRIGGER report_facts_problem AFTER UPDATE OF is_problem ON tickets BEGIN
                    UPDATE report_facts SET is_problem = NEW.is_problem WHERE ticket_id = NEW.id;
                END;
                """)
    }

    /// The trigger counting an analyst's public replies; `when` tells one (v10 read `detail`,
    /// v14 the typed `to_value`).
    static func publicReplyTrigger(when condition: String) -> String {
        """
        CREATE TRIGGER report_facts_public_reply AFTER INSERT ON events
        WHEN NEW.type = 'message_in' AND NEW.role = 'analyst' AND \(condition) BEGIN
            UPDATE report_facts SET public_replies = public_replies + 1
            WHERE ticket_id = NEW.ticket_id AND resolved_at IS NULL;
        END;
        """
    }

    /// The trigger keeping when each clock was first met; `clock` is the SQL naming it (v10 read
    /// `detail`, v14 the typed `clock`).
    static func slaMetTrigger(clock: String) -> String {
        """
        CREATE TRIGGER report_facts_sla_met AFTER INSERT ON events WHEN NEW.type = 'sla_met' BEGIN
            UPDATE report_facts SET
                first_response_met_at = CASE WHEN \(clock) = 'first_response'
                    THEN COALESCE(first_response_met_at, \(milliseconds)) ELSE first_response_met_at END,
                resolution_met_at = CASE WHEN \(clock) = 'resolution'
                    THEN COALESCE(resolution_met_at, \(milliseconds)) ELSE resolution_met_at END
            WHERE ticket_id = NEW.ticket_id;
        END;
        """
    }

    /// v14: the report reads typed fields only, never `detail` (which is for people and may be
    /// reworded): an `sla_*` or step event names its clock in `events.clock`, and an analyst's
    /// `message_in` says in `to_value` what the mail became (`public`, `internal`, `commands`).
    /// Old rows get both from what they said, so every figure stays as it was; the two triggers
    /// that read `detail` are replaced.
    static func typedFields(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE events ADD COLUMN clock TEXT;
                UPDATE events SET clock = detail
                    WHERE type IN ('sla_met', 'sla_paused', 'sla_resumed', 'step_done') AND detail != '';
                UPDATE events SET clock = to_value WHERE type IN ('sla_warning', 'sla_breach');
                UPDATE events SET clock = from_value WHERE type = 'sla_removed';
                UPDATE events SET clock = 'step:' || to_value WHERE type = 'step_started' AND to_value IS NOT NULL;
                UPDATE events SET clock = substr(detail, 1, instr(detail, ':') - 1)
                    WHERE type = 'sla_retargeted' AND instr(detail, ':') > 1;
                UPDATE events SET to_value = CASE detail
                        WHEN 'public reply' THEN 'public' WHEN 'internal note' THEN 'internal'
                        WHEN 'commands only' THEN 'commands' END
                    WHERE type = 'message_in' AND role = 'analyst' AND to_value IS NULL;
                DROP TRIGGER report_facts_public_reply;
                DROP TRIGGER report_facts_sla_met;
                \(publicReplyTrigger(when: "NEW.to_value = 'public'"))
                \(slaMetTrigger(clock: "NEW.clock"))
                """)
    }
}
