import Foundation
import GRDB
import TicketdCore

extension StoreSession {
    /// Creates a ticket and returns its number.
    public func createTicket(_ record: NewTicketRecord) throws -> Int64 {
        try execute(
            sql: """
                INSERT INTO tickets (subject, status, priority, category, requester_name, requester_email,
                    calendar, skill, tier, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.subject, record.status.rawValue, record.priority.rawValue, record.category,
                record.requester.name, record.requester.email, record.calendar, record.skill, record.tier,
                record.createdAt.storageText, record.createdAt.storageText,
            ])
        return db.lastInsertedRowID
    }

    /// Stores a mail on a ticket, with the ids it refers to; returns its row id.
    @discardableResult
    public func addMessage(_ record: MessageRecord, toTicket ticketID: Int64) throws -> Int64 {
        try withBlob(record.raw) { raw in
            try execute(
                sql: """
                    INSERT INTO messages (ticket_id, message_id, direction, kind, from_name, from_email, subject, body,
                        raw, raw_path, mailbox, uid, arrived_at, content_sha256, sender_verdict)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    ticketID, record.messageID, record.direction.rawValue, record.kind.rawValue, record.from.name,
                    record.from.email, record.subject, record.body, raw, record.rawPath, record.mailbox,
                    record.uid.map { Int64($0) }, record.arrivedAt.storageText, record.contentDigest,
                    record.senderVerdict?.rawValue,
                ])
        }
        let rowID = db.lastInsertedRowID
        for reference in Set(record.references) {
            try execute(
                sql: "INSERT INTO message_references (message_row_id, referenced_id) VALUES (?, ?)",
                arguments: [rowID, reference])
        }
        return rowID
    }

    /// Records the attachments of a stored mail.
    public func addAttachments(_ attachments: [AttachmentRecord], toMessage messageRowID: Int64) throws {
        for attachment in attachments {
            try execute(
                sql:
                    "INSERT INTO attachments (message_row_id, filename, content_type, size, sha256) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    messageRowID, attachment.filename, attachment.contentType, attachment.size, attachment.sha256,
                ])
        }
    }

    /// Adds addresses as watchers (those already watching are skipped).
    public func addWatchers(_ emails: [String], toTicket ticketID: Int64) throws {
        for email in emails {
            try execute(
                sql: "INSERT OR IGNORE INTO watchers (ticket_id, email) VALUES (?, ?)", arguments: [ticketID, email])
        }
    }

    /// The Message-IDs of a ticket's thread, oldest first, for `References` (the first and the
    /// latest 19); internal notes only when asked for (the requester never saw them).
    public func threadIDs(ofTicket ticketID: Int64, includingInternal: Bool = false) throws -> [String] {
        let ids = try String.fetchAll(
            cached(
                """
                SELECT message_id FROM messages WHERE ticket_id = ? AND (kind != 'internal' OR ?)
                ORDER BY arrived_at, id
                """), arguments: [ticketID, includingInternal])
        guard ids.count > 20 else { return ids }
        return [ids[0]] + ids.suffix(19)
    }

    /// A ticket that waits in `pending` or `resolved`: since when, and its last pending reminder.
    public struct WaitingTicket: Sendable, Equatable {
        public var id: Int64
        public var status: TicketStatus
        public var since: Date
        public var remindedAt: Date?
    }

    /// Every pending or resolved ticket with the time it entered that status (its latest
    /// status event to it, else its last update).
    public func waitingTickets() throws -> [WaitingTicket] {
        try Row.fetchAll(
            cached(
                """
                SELECT t.id, t.status, t.updated_at,
                    (SELECT MAX(e.at) FROM events e WHERE e.ticket_id = t.id AND e.type = 'status'
                        AND e.to_value = t.status) AS since,
                    (SELECT MAX(e.at) FROM events e WHERE e.ticket_id = t.id AND e.type = 'pending_reminder') AS reminded
                FROM tickets t WHERE t.status IN ('pending', 'resolved') ORDER BY t.id
                """)
        ).map { row in
            let since: Date? = row["since"]
            return WaitingTicket(
                id: row["id"], status: try Self.stored(TicketStatus.self, row["status"], in: "tickets.status"),
                since: since ?? row["updated_at"], remindedAt: row["reminded"])
        }
    }

    /// The text of a ticket's first incoming mail.
    public func firstMessageBody(ofTicket ticketID: Int64) throws -> String? {
        try String.fetchOne(
            cached(
                "SELECT body FROM messages WHERE ticket_id = ? AND direction = 'in' ORDER BY arrived_at, id LIMIT 1"),
            arguments: [ticketID])
    }

    /// The sender verdict of a ticket's first incoming mail (nil: none recorded).
    public func firstSenderVerdict(ofTicket ticketID: Int64) throws -> SenderVerdict.Outcome? {
        try String.fetchOne(
            cached(
                """
                SELECT sender_verdict FROM messages WHERE ticket_id = ? AND direction = 'in'
                ORDER BY arrived_at, id LIMIT 1
                """),
            arguments: [ticketID]
        ).flatMap(SenderVerdict.Outcome.init(rawValue:))
    }

    /// The skill and tier a ticket is routed to (tier 1 when none was set).
    public func routing(ofTicket ticketID: Int64) throws -> (skill: String?, tier: Int) {
        guard let row = try Row.fetchOne(cached("SELECT skill, tier FROM tickets WHERE id = ?"), arguments: [ticketID])
        else { return (nil, 1) }
        return (row["skill"], (row["tier"] as Int?) ?? 1)
    }

    /// Moves a ticket to another tier.
    public func setTier(_ tier: Int, ofTicket ticketID: Int64, at now: Date) throws {
        try execute(
            sql: "UPDATE tickets SET tier = ?, updated_at = ? WHERE id = ?",
            arguments: [tier, now.storageText, ticketID])
    }

    /// Removes an address from the watchers.
    public func removeWatcher(_ email: String, fromTicket ticketID: Int64) throws {
        try execute(sql: "DELETE FROM watchers WHERE ticket_id = ? AND email = ?", arguments: [ticketID, email])
    }

    /// Makes a ticket the child of another; `confirmed` when an analyst or operator linked it
    /// (not a match of its words).
    public func setParent(_ parentID: Int64, ofTicket ticketID: Int64, confirmed: Bool, at now: Date) throws {
        try execute(
            sql: "UPDATE tickets SET parent_id = ?, parent_confirmed = ?, updated_at = ? WHERE id = ?",
            arguments: [parentID, confirmed, now.storageText, ticketID])
    }

    /// The ticket `ticketID` was merged into, following merges of merges; nil when it was not merged.
    public func mergeTarget(of ticketID: Int64) throws -> Int64? {
        var current = ticketID
        var seen: Set<Int64> = [ticketID]
        while let next = try Int64.fetchOne(
            cached("SELECT other_id FROM links WHERE ticket_id = ? AND kind = 'merged_into'"), arguments: [current])
        {
            guard seen.insert(next).inserted else { break }
            current = next
        }
        return current == ticketID ? nil : current
    }

    /// Appends to a ticket's audit trail.
    public func addEvent(_ event: TicketEvent, toTicket ticketID: Int64) throws {
        try execute(
            sql: """
                INSERT INTO events (ticket_id, type, actor, role, at, from_value, to_value, detail, message_id, clock)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                ticketID, event.kind.rawValue, event.actor, event.role.rawValue, event.at.storageText, event.from,
                event.to, event.detail, event.messageID, event.clock,
            ])
    }

    /// Records that one ticket refers to another (a stranger's mail, mail to a closed ticket).
    public func addLink(from ticketID: Int64, to otherID: Int64, kind: String) throws {
        try execute(
            sql: "INSERT OR IGNORE INTO links (ticket_id, other_id, kind) VALUES (?, ?, ?)",
            arguments: [ticketID, otherID, kind])
    }

    /// How a Message-ID is already known: not at all, or held (as a stored or quarantined
    /// mail) with these content digests (nil for rows written before digests were kept).
    public func contentDigests(ofMessageID messageID: String) throws -> [String?]? {
        let rows = try Row.fetchAll(
            cached(
                """
                SELECT content_sha256 FROM messages WHERE message_id = ?
                UNION ALL SELECT content_sha256 FROM quarantine WHERE message_id = ? AND ticket_id IS NULL
                """), arguments: [messageID, messageID])
        return rows.isEmpty ? nil : rows.map { $0[0] as String? }
    }

    /// The ticket whose outgoing mail (one we queued) has any of these Message-IDs.
    public func ticketID(forOutgoingMessageIDs ids: [String]) throws -> Int64? {
        for id in ids {
            if let ticket = try Int64.fetchOne(
                cached("SELECT ticket_id FROM outbox WHERE message_id = ? AND ticket_id IS NOT NULL"), arguments: [id])
            {
                return ticket
            }
        }
        return nil
    }

    /// The ticket holding a mail with any of these Message-IDs, preferring the most recent id.
    public func ticketID(forMessageIDs ids: [String]) throws -> Int64? {
        for id in ids.reversed() {
            if let ticket = try Int64.fetchOne(
                cached("SELECT ticket_id FROM messages WHERE message_id = ?"), arguments: [id])
            {
                return ticket
            }
        }
        return nil
    }

    /// The ticket's summary (without messages, events and clocks), or nil. Without `relations`,
    /// watchers and children are left empty (two queries fewer, for the SLA sweeper's thousands).
    public func ticket(_ id: Int64, relations: Bool = true) throws -> Ticket? {
        guard let row = try Row.fetchOne(cached("SELECT * FROM tickets WHERE id = ?"), arguments: [id]) else {
            return nil
        }
        return try ticket(from: row, relations: relations)
    }

    /// The ticket with its messages, events and clocks.
    public func ticketDetail(_ id: Int64) throws -> Ticket? {
        guard var ticket = try ticket(id) else { return nil }
        let messageRows = try Row.fetchAll(
            cached("SELECT * FROM messages WHERE ticket_id = ? ORDER BY arrived_at, id"), arguments: [id])
        ticket.messages = try messageRows.map { row in
            let rowID: Int64 = row["id"]
            let attachments = try Row.fetchAll(
                cached("SELECT filename, content_type, size FROM attachments WHERE message_row_id = ? ORDER BY id"),
                arguments: [rowID]
            ).map { AttachmentInfo(filename: $0["filename"], contentType: $0["content_type"], size: $0["size"]) }
            let name: String = row["from_name"]
            let email: String = row["from_email"]
            return TicketMessage(
                messageID: row["message_id"], from: name.isEmpty ? email : "\(name) <\(email)>",
                direction: TicketMessage.Direction(rawValue: row["direction"]) ?? .in,
                kind: TicketMessage.Kind(rawValue: row["kind"]) ?? .public, createdAt: row["arrived_at"],
                body: row["body"], attachments: attachments,
                senderVerdict: (row["sender_verdict"] as String?).flatMap(SenderVerdict.Outcome.init(rawValue:)))
        }
        ticket.events = try Row.fetchAll(
            cached(
                "SELECT type, actor, role, at, from_value, to_value, detail, message_id, clock FROM events WHERE ticket_id = ? ORDER BY id"
            ), arguments: [id]
        ).map { row in
            TicketEvent(
                try Self.stored(TicketEvent.Kind.self, row["type"], in: "events.type"), actor: row["actor"],
                role: try Self.stored(TicketEvent.Role.self, row["role"], in: "events.role"), at: row["at"],
                from: row["from_value"], to: row["to_value"], detail: row["detail"], messageID: row["message_id"],
                clock: row["clock"])
        }
        ticket.sla = try Row.fetchAll(
            cached("SELECT name, target_minutes, due_at, state FROM sla_clocks WHERE ticket_id = ? ORDER BY id"),
            arguments: [id]
        ).map {
            SLAClockView(
                name: $0["name"], targetMinutes: $0["target_minutes"], dueAt: $0["due_at"],
                state: SLAClockView.State(rawValue: $0["state"]) ?? .running)
        }
        return ticket
    }

    /// Tickets matching `filter`, newest first.
    public func tickets(_ filter: TicketFilter) throws -> [Ticket] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(status.rawValue)
        }
        if let assignee = filter.assignee {
            conditions.append("assignee = ?")
            arguments.append(assignee)
        }
        if let requester = filter.requester {
            conditions.append("requester_email = ?")
            arguments.append(requester.lowercased())
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(filter.limit)
        let rows = try Row.fetchAll(
            cached("SELECT * FROM tickets \(whereClause) ORDER BY created_at DESC, id DESC LIMIT ?"),
            arguments: StatementArguments(arguments))
        return try rows.map { try ticket(from: $0) }
    }

    /// Open tickets counted by priority.
    public func openTicketCounts() throws -> [Priority: Int] {
        var counts: [Priority: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT priority, COUNT(*) AS n FROM tickets WHERE status IN ('new','open','pending') GROUP BY priority"
        ) {
            if let priority = Priority(rawValue: row["priority"]) { counts[priority] = row["n"] }
        }
        return counts
    }

    /// Open tickets (new, open, pending) per assignee.
    public func openTicketCountsByAssignee() throws -> [String: Int] {
        // Kept by the tickets' triggers (v15), one row per analyst.
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(cached("SELECT assignee, open FROM assignee_load WHERE open > 0")) {
            counts[row["assignee"]] = row["open"]
        }
        return counts
    }

    /// The assignee of `requester`'s latest ticket of `category` created since `since`, other
    /// than `excluding`: whom familiarity prefers.
    public func lastAssignee(
        ofRequester requester: String, category: String?, since: Date, excluding ticketID: Int64
    ) throws -> (analyst: String, ticketID: Int64)? {
        guard
            let row = try Row.fetchOne(
                cached(
                    """
                    SELECT id, assignee FROM tickets
                    WHERE requester_email = ? AND category IS ? AND created_at >= ? AND id != ? AND assignee IS NOT NULL
                    ORDER BY created_at DESC, id DESC LIMIT 1
                    """), arguments: [requester, category, since.storageText, ticketID])
        else { return nil }
        return (row["assignee"], row["id"])
    }

    /// The earliest running SLA clock of an analyst's open tickets.
    public func earliestRunningDue(ofAssignee analyst: String) throws -> Date? {
        try Date.fetchOne(
            cached(
                """
                SELECT MIN(c.due_at) FROM sla_clocks c JOIN tickets t ON t.id = c.ticket_id
                WHERE t.assignee = ? AND t.status IN ('new', 'open', 'pending') AND c.state = 'running'
                """), arguments: [analyst])
    }

    /// A line of an analyst's digest: an active ticket with its next running clock.
    public struct DigestLine: Sendable, Equatable {
        public var id: Int64
        public var subject: String
        public var priority: Priority
        public var status: TicketStatus
        public var skill: String?
        public var tier: Int
        /// The next running clock's name and due time, if any.
        public var nextClock: String?
        public var nextDue: Date?
        public var breached: Bool
    }

    /// Active tickets assigned to `analyst` (nil: unassigned ones), by their next due clock.
    public func digestLines(assignee analyst: String?, limit: Int = 200) throws -> [DigestLine] {
        try Row.fetchAll(
            cached(
                """
                SELECT t.id, t.subject, t.priority, t.status, t.skill, t.tier,
                    (SELECT c.name FROM sla_clocks c WHERE c.ticket_id = t.id AND c.state = 'running'
                        ORDER BY c.due_at LIMIT 1) AS next_clock,
                    (SELECT MIN(c.due_at) FROM sla_clocks c WHERE c.ticket_id = t.id AND c.state = 'running') AS next_due,
                    EXISTS (SELECT 1 FROM sla_clocks c WHERE c.ticket_id = t.id AND c.state = 'breached') AS breached
                FROM tickets t
                WHERE t.status IN ('new', 'open', 'pending') AND t.assignee IS ?
                ORDER BY next_due IS NULL, next_due, t.id LIMIT ?
                """), arguments: [analyst, limit]
        ).map { row in
            DigestLine(
                id: row["id"], subject: row["subject"],
                priority: try Self.stored(Priority.self, row["priority"], in: "tickets.priority"),
                status: try Self.stored(TicketStatus.self, row["status"], in: "tickets.status"), skill: row["skill"],
                tier: (row["tier"] as Int?) ?? 1, nextClock: row["next_clock"], nextDue: row["next_due"],
                breached: row["breached"])
        }
    }

    /// Total number of tickets.
    public func ticketCount() throws -> Int {
        try Int.fetchOne(cached("SELECT COUNT(*) FROM tickets")) ?? 0
    }

    /// Applies field changes to a ticket and stamps its update time.
    public func updateTicket(
        _ id: Int64, subject: String? = nil, status: TicketStatus? = nil, priority: Priority? = nil,
        category: String?? = nil, assignee: String?? = nil, at now: Date
    ) throws {
        var assignments = ["updated_at = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [now.storageText]
        if let subject {
            assignments.append("subject = ?")
            arguments.append(subject)
        }
        if let status {
            assignments.append("status = ?")
            arguments.append(status.rawValue)
            if status == .resolved {
                assignments.append("resolved_at = ?")
                arguments.append(now.storageText)
            }
            if status == .closed {
                assignments.append("closed_at = ?")
                arguments.append(now.storageText)
            }
        }
        if let priority {
            assignments.append("priority = ?")
            arguments.append(priority.rawValue)
        }
        if let category {
            assignments.append("category = ?")
            arguments.append(category)
        }
        if let assignee {
            assignments.append("assignee = ?")
            arguments.append(assignee)
        }
        arguments.append(id)
        try execute(
            sql: "UPDATE tickets SET \(assignments.joined(separator: ", ")) WHERE id = ?",
            arguments: StatementArguments(arguments))
    }

    private func ticket(from row: Row, relations: Bool = true) throws -> Ticket {
        let id: Int64 = row["id"]
        var watchers: [String] = []
        var children: [Int64] = []
        if relations {
            watchers = try String.fetchAll(
                cached("SELECT email FROM watchers WHERE ticket_id = ? ORDER BY email"), arguments: [id])
            children = try Int64.fetchAll(
                cached("SELECT id FROM tickets WHERE parent_id = ? ORDER BY id"), arguments: [id])
        }
        return Ticket(
            id: id, subject: row["subject"],
            status: try Self.stored(TicketStatus.self, row["status"], in: "tickets.status"),
            priority: try Self.stored(Priority.self, row["priority"], in: "tickets.priority"),
            category: row["category"],
            requester: Person(name: row["requester_name"], email: row["requester_email"]), watchers: watchers,
            assignee: row["assignee"], parent: row["parent_id"], children: children, createdAt: row["created_at"])
    }

    /// A stored value read back as its type: a value the type does not know is an error, never
    /// silently some default.
    static func stored<Value: RawRepresentable>(_ type: Value.Type, _ raw: String, in column: String) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else {
            throw StoreError(.corrupt, "\(column) holds \"\(raw)\", which is not a known value")
        }
        return value
    }
}
