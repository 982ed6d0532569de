import Foundation
import GRDB
import TicketdCore

/// Problems (global tickets whose children are the incidents of one outage), their broadcasts
/// and who received them.
extension StoreSession {
    /// An open problem as auto-linking sees it.
    public struct OpenProblem: Sendable, Equatable {
        public var id: Int64
        public var subject: String
        public var matchWords: String?
        public var childSubjects: [String]
    }

    /// Marks a ticket as a problem.
    public func markProblem(_ ticketID: Int64) throws {
        try execute(sql: "UPDATE tickets SET is_problem = 1 WHERE id = ?", arguments: [ticketID])
    }

    public func isProblem(_ ticketID: Int64) throws -> Bool {
        try Bool.fetchOne(cached("SELECT is_problem FROM tickets WHERE id = ?"), arguments: [ticketID]) ?? false
    }

    /// The words `#match` gave a problem.
    public func setMatchWords(_ words: String, ofProblem ticketID: Int64) throws {
        try execute(sql: "UPDATE tickets SET match_words = ? WHERE id = ?", arguments: [words, ticketID])
    }

    /// Detaches a child from its parent (`#unlink`).
    public func clearParent(ofTicket ticketID: Int64, at now: Date) throws {
        try execute(
            sql: "UPDATE tickets SET parent_id = NULL, parent_confirmed = 0, updated_at = ? WHERE id = ?",
            arguments: [now.storageText, ticketID])
    }

    /// Open problems with the subjects of their first 20 children an analyst linked (enough for
    /// the words they share; a storm's thousands would cost every new mail; an auto-linked
    /// child's words came from whoever mailed), newest first.
    public func openProblems() throws -> [OpenProblem] {
        try Row.fetchAll(
            cached(
                """
                SELECT id, subject, match_words FROM tickets
                WHERE is_problem = 1 AND status IN ('new', 'open', 'pending') ORDER BY id DESC
                """)
        ).map { row in
            let id: Int64 = row["id"]
            let children = try String.fetchAll(
                cached("SELECT subject FROM tickets WHERE parent_id = ? AND parent_confirmed = 1 ORDER BY id LIMIT 20"),
                arguments: [id])
            return OpenProblem(id: id, subject: row["subject"], matchWords: row["match_words"], childSubjects: children)
        }
    }

    /// Open problems, newest first (each with its children).
    public func openProblemTickets() throws -> [Ticket] {
        let ids = try Int64.fetchAll(
            cached(
                "SELECT id FROM tickets WHERE is_problem = 1 AND status IN ('new', 'open', 'pending') ORDER BY id DESC")
        )
        return try ids.compactMap { try ticket($0) }
    }

    /// The children of a ticket that are still active: those an analyst linked (`confirmed`), or
    /// those linked automatically because their mail matched.
    public func activeChildren(of ticketID: Int64, confirmed: Bool) throws -> [Ticket] {
        let ids = try Int64.fetchAll(
            cached(
                """
                SELECT id FROM tickets
                WHERE parent_id = ? AND parent_confirmed = ? AND status IN ('new', 'open', 'pending') ORDER BY id
                """),
            arguments: [ticketID, confirmed])
        return try ids.compactMap { try ticket($0, relations: false) }
    }

    /// Whether an analyst (not a match) made the ticket its parent's child.
    public func isConfirmedChild(_ ticketID: Int64) throws -> Bool {
        try Bool.fetchOne(cached("SELECT parent_confirmed FROM tickets WHERE id = ?"), arguments: [ticketID]) ?? false
    }

    /// The requesters of all a ticket's children.
    public func childRequesters(of ticketID: Int64) throws -> [String] {
        try String.fetchAll(
            cached("SELECT DISTINCT requester_email FROM tickets WHERE parent_id = ? ORDER BY id"),
            arguments: [ticketID])
    }

    /// Records a broadcast under `key` with its audience (the groups, `children`) and whether its
    /// text is for everyone; false when one with that key was recorded before (a replayed
    /// command), and then nothing is recorded.
    public func recordBroadcast(
        key: String, ticketID: Int64?, template: String, text: String, audience: [String], isPublic: Bool,
        recipients: Int, at now: Date
    ) throws -> Bool {
        try execute(
            sql: """
                INSERT OR IGNORE INTO broadcasts
                    (ticket_id, key, template, text, audience, is_public, recipients, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                ticketID, key, template, text, audience.joined(separator: ","), isPublic, recipients, now.storageText,
            ])
        return db.changesCount > 0
    }

    /// Remembers who received a ticket's broadcasts (they may reply in its thread).
    public func addBroadcastRecipients(_ emails: [String], ofTicket ticketID: Int64) throws {
        for email in emails {
            try execute(
                sql: "INSERT OR IGNORE INTO broadcast_recipients (ticket_id, email) VALUES (?, ?)",
                arguments: [ticketID, email])
        }
    }

    /// Everyone who received a broadcast about a ticket.
    public func broadcastRecipients(ofTicket ticketID: Int64) throws -> [String] {
        try String.fetchAll(
            cached("SELECT email FROM broadcast_recipients WHERE ticket_id = ? ORDER BY email"), arguments: [ticketID])
    }

    public func receivedBroadcast(_ email: String, ofTicket ticketID: Int64) throws -> Bool {
        try Bool.fetchOne(
            cached("SELECT 1 FROM broadcast_recipients WHERE ticket_id = ? AND email = ?"),
            arguments: [ticketID, email])
            ?? false
    }

    /// The words of a ticket's latest broadcast meant for everyone (sent to the children or
    /// marked public) that had any, if one did; a text to a restricted group never.
    public func latestPublicBroadcastText(ofTicket ticketID: Int64) throws -> String? {
        try String.fetchOne(
            cached(
                "SELECT text FROM broadcasts WHERE ticket_id = ? AND is_public = 1 AND text != '' ORDER BY id DESC LIMIT 1"
            ),
            arguments: [ticketID])
    }

    /// A ticket's broadcasts, oldest first: template, audience, whether public, how many people.
    public func broadcasts(ofTicket ticketID: Int64) throws -> [BroadcastRecord] {
        try Row.fetchAll(
            cached("SELECT template, audience, is_public, recipients FROM broadcasts WHERE ticket_id = ? ORDER BY id"),
            arguments: [ticketID]
        ).map {
            BroadcastRecord(
                template: $0["template"],
                audience: (($0["audience"] as String?) ?? "").split(separator: ",").map(String.init),
                isPublic: $0["is_public"], recipients: $0["recipients"])
        }
    }

    /// A broadcast as recorded.
    public struct BroadcastRecord: Sendable, Equatable {
        public var template: String
        public var audience: [String]
        public var isPublic: Bool
        public var recipients: Int
    }

    /// The `to` value of a ticket's latest event of `kind`.
    public func latestEventValue(_ kind: TicketEvent.Kind, ofTicket ticketID: Int64) throws -> String? {
        try String.fetchOne(
            cached("SELECT to_value FROM events WHERE ticket_id = ? AND type = ? ORDER BY id DESC LIMIT 1"),
            arguments: [ticketID, kind.rawValue])
    }

    /// The detail of a ticket's latest event of `kind`.
    public func latestEventDetail(_ kind: TicketEvent.Kind, ofTicket ticketID: Int64) throws -> String? {
        try String.fetchOne(
            cached("SELECT detail FROM events WHERE ticket_id = ? AND type = ? ORDER BY id DESC LIMIT 1"),
            arguments: [ticketID, kind.rawValue])
    }

    /// Keeps a new ticket's distinctive terms (space-separated) for storm detection.
    public func setTopicTerms(_ terms: [String], ofTicket ticketID: Int64) throws {
        try execute(
            sql: "UPDATE tickets SET topic_terms = ? WHERE id = ?", arguments: [terms.joined(separator: " "), ticketID])
    }

    /// A ticket created recently, as storm detection sees it.
    public struct RecentTicket: Sendable, Equatable {
        public var id: Int64
        public var subject: String
        public var terms: [String]
        public var hasParent: Bool
    }

    /// Incidents (not problems) created since `since`, newest first, with their terms: the
    /// newest `limit` read backwards along the creation-time index, so the 10,000th mail of a
    /// storm costs what the first did (ordering by id made SQLite sort the whole window each time).
    public func recentIncidents(since: Date, limit: Int = 200) throws -> [RecentTicket] {
        try Row.fetchAll(
            cached(
                """
                SELECT id, subject, parent_id, topic_terms FROM tickets INDEXED BY tickets_by_created
                WHERE created_at >= ? AND is_problem = 0 ORDER BY created_at DESC LIMIT ?
                """), arguments: [since.storageText, limit]
        ).map {
            RecentTicket(
                id: $0["id"], subject: $0["subject"],
                terms: (($0["topic_terms"] as String?) ?? "").split(separator: " ").map(String.init),
                hasParent: ($0["parent_id"] as Int64?) != nil)
        }
    }

    /// Whether any of these tickets has an event of `kind` since `since`.
    public func hasEvent(_ kind: TicketEvent.Kind, onAnyOf ticketIDs: [Int64], since: Date) throws -> Bool {
        guard !ticketIDs.isEmpty else { return false }
        let list = ticketIDs.map(String.init).joined(separator: ",")
        return try Bool.fetchOne(
            db, sql: "SELECT 1 FROM events WHERE type = ? AND at >= ? AND ticket_id IN (\(list)) LIMIT 1",
            arguments: [kind.rawValue, since.storageText]) ?? false
    }
}
