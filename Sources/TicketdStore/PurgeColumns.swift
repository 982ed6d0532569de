/// What a purge does with every text column of the store, listed once: a closed ticket's rows
/// that stay (for the reports) have each free-text column cleared; rows the purge deletes, and
/// tables that hold no ticket's words, say so. A test fails when a table gains a text column
/// that is not on this list, so no new column can keep a patient's name past a purge.
enum PurgeColumns {
    enum Treatment: Equatable {
        /// Set to this SQL expression in the purged ticket's rows.
        case cleared(String)
        /// Kept: a value from a closed set or a configured name, never a person's words.
        case kept
        /// The purge deletes the ticket's rows of this table.
        case rowsDeleted
        /// Not about one ticket (or kept apart by its own rule, named in the purge).
        case notPerTicket
    }

    static let treatments: [String: [String: Treatment]] = [
        "tickets": [
            "subject": .cleared("'[purged]'"), "requester_name": .cleared("''"),
            "requester_email": .cleared("'purged'"), "match_words": .cleared("''"), "topic_terms": .cleared("''"),
            "status": .kept, "priority": .kept, "category": .kept, "assignee": .kept, "calendar": .kept,
            "skill": .kept,
        ],
        "events": [
            "detail": .cleared("''"), "message_id": .cleared("NULL"),
            "actor": .cleared("CASE WHEN actor LIKE '%@%' THEN 'purged' ELSE actor END"),
            "from_value": .cleared("CASE WHEN from_value LIKE '%@%' THEN 'purged' ELSE from_value END"),
            "to_value": .cleared("CASE WHEN to_value LIKE '%@%' THEN 'purged' ELSE to_value END"),
            "type": .kept, "role": .kept, "clock": .kept,
        ],
        "report_facts": ["requester": .cleared("NULL"), "category": .kept, "assignee": .kept, "credited": .kept],
        // A problem's broadcast text may quote a requester; its key stays unique.
        "broadcasts": [
            "text": .cleared("''"), "key": .cleared("'purged-' || id"), "template": .kept, "audience": .kept,
        ],
        "links": ["kind": .kept],
        "sla_clocks": ["name": .kept, "calendar": .kept, "state": .kept],
        "messages": [
            "message_id": .rowsDeleted, "direction": .rowsDeleted, "kind": .rowsDeleted, "from_name": .rowsDeleted,
            "from_email": .rowsDeleted, "subject": .rowsDeleted, "body": .rowsDeleted, "mailbox": .rowsDeleted,
            "raw_path": .rowsDeleted, "content_sha256": .rowsDeleted, "sender_verdict": .rowsDeleted,
        ],
        "message_references": ["referenced_id": .rowsDeleted],
        "attachments": ["filename": .rowsDeleted, "content_type": .rowsDeleted, "sha256": .rowsDeleted],
        "watchers": ["email": .rowsDeleted],
        "broadcast_recipients": ["email": .rowsDeleted],
        "outbox": [
            "message_id": .rowsDeleted, "kind": .rowsDeleted, "recipients": .rowsDeleted,
            "envelope_from": .rowsDeleted, "last_error": .rowsDeleted,
        ],
        // Deleted by age and by ticket in the purge itself.
        "quarantine": [
            "mailbox": .notPerTicket, "message_id": .notPerTicket, "sender": .notPerTicket, "subject": .notPerTicket,
            "reason": .notPerTicket, "raw_path": .notPerTicket, "content_sha256": .notPerTicket,
        ],
        "auto_replies": ["recipient": .notPerTicket],
        // Configured analysts' names and counts, kept by triggers.
        "assignee_load": ["assignee": .notPerTicket],
        // Deleted with a purged ticket, and by age in the purge itself.
        "notice_log": ["kind": .rowsDeleted, "recipient": .rowsDeleted, "about": .rowsDeleted],
        // Articles are published knowledge, kept and edited by their authors.
        "kb_articles": [
            "title": .notPerTicket, "body": .notPerTicket, "created_by": .notPerTicket, "terms": .notPerTicket,
        ],
        "kb_terms": ["term": .notPerTicket],
        "checkpoints": ["mailbox": .notPerTicket],
        "pending_moves": ["mailbox": .notPerTicket, "destination": .notPerTicket],
        "daemon_state": ["key": .notPerTicket, "value": .notPerTicket],
        "intake_in_hand": ["mailbox": .notPerTicket],
        "intake_suspects": ["mailbox": .notPerTicket],
    ]

    /// The tables whose purged rows stay with columns cleared, and the column naming the ticket.
    static let clearedTables = [
        ("tickets", "id"), ("events", "ticket_id"), ("report_facts", "ticket_id"), ("broadcasts", "ticket_id"),
    ]

    /// `column = expression, …` for the purged rows of `table`.
    static func assignments(_ table: String) -> String {
        (treatments[table] ?? [:]).sorted { $0.key < $1.key }.compactMap { column, treatment in
            if case .cleared(let expression) = treatment { "\(column) = \(expression)" } else { nil }
        }.joined(separator: ", ")
    }
}
