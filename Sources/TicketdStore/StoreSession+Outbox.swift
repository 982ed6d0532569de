import Foundation
import GRDB

/// A mail waiting in the outbox, ready for SMTP.
public struct OutboxItem: Sendable, Equatable {
    public var id: Int64
    public var messageID: String
    public var ticketID: Int64?
    public var kind: String
    public var recipients: [String]
    public var envelopeFrom: String
    public var raw: [UInt8]
    public var attempts: Int
}

/// A mail to queue; its Message-ID is fixed now, so a resend after a crash is recognisable.
public struct OutboxRecord: Sendable {
    public var messageID: String
    public var ticketID: Int64?
    public var kind: String
    public var recipients: [String]
    public var envelopeFrom: String
    public var raw: [UInt8]
    /// 0 for mail to one person about their ticket; 1 for broadcasts, sent after everything at 0.
    public var priority: Int

    public init(
        messageID: String, ticketID: Int64?, kind: String, recipients: [String], envelopeFrom: String, raw: [UInt8],
        priority: Int = 0
    ) {
        self.priority = priority
        self.messageID = messageID
        self.ticketID = ticketID
        self.kind = kind
        self.recipients = recipients
        self.envelopeFrom = envelopeFrom
        self.raw = raw
    }
}

/// The outbox's depth and its oldest unsent mail.
public struct OutboxSummary: Sendable, Equatable {
    public var unsent: Int
    public var oldestUnsent: Date?
    public var failed: Int
}

extension StoreSession {
    public func enqueue(_ record: OutboxRecord, at now: Date) throws {
        try execute(
            sql: """
                INSERT INTO outbox (message_id, ticket_id, kind, recipients, envelope_from, raw, created_at, next_attempt_at,
                    priority)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.messageID, record.ticketID, record.kind, record.recipients.joined(separator: "\n"),
                record.envelopeFrom, Data(record.raw), now.storageText, now.storageText, record.priority,
            ])
    }

    /// Unsent mail whose next attempt is due: mail to people about their tickets first, then
    /// broadcasts; oldest first within each.
    public func dueOutbox(at now: Date, limit: Int) throws -> [OutboxItem] {
        try Row.fetchAll(
            cached(
                """
                SELECT * FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?
                ORDER BY priority, next_attempt_at, id LIMIT ?
                """),
            arguments: [now.storageText, limit]
        ).map { row in
            let recipients: String = row["recipients"]
            let raw: Data = row["raw"]
            return OutboxItem(
                id: row["id"], messageID: row["message_id"], ticketID: row["ticket_id"], kind: row["kind"],
                recipients: recipients.split(separator: "\n").map(String.init), envelopeFrom: row["envelope_from"],
                raw: [UInt8](raw), attempts: row["attempts"])
        }
    }

    /// Marks a mail sent (after the server's 250).
    public func markSent(_ id: Int64, at now: Date) throws {
        try execute(
            sql: "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
            arguments: [now.storageText, id])
    }

    /// Records a temporary failure and when to try again.
    public func markRetry(_ id: Int64, error: String, nextAttempt: Date) throws {
        try execute(
            sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
            arguments: [error, nextAttempt.storageText, id])
    }

    /// Records a permanent failure: never retried.
    public func markFailed(_ id: Int64, error: String, at now: Date) throws {
        try execute(
            sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, failed_at = ? WHERE id = ?",
            arguments: [error, now.storageText, id])
    }

    public func outboxSummary() throws -> OutboxSummary {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT (SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL) AS unsent,
                       (SELECT MIN(created_at) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL) AS oldest,
                       (SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL) AS failed
                """)
        return OutboxSummary(unsent: row?["unsent"] ?? 0, oldestUnsent: row?["oldest"], failed: row?["failed"] ?? 0)
    }

    /// Records an automatic reply to `recipient` for the per-sender limit, and in the global
    /// bucket of verified or of other senders.
    public func recordAutoReply(to recipient: String, at now: Date, verified: Bool = false) throws {
        try execute(
            sql: "INSERT INTO auto_replies (recipient, at) VALUES (?, ?)", arguments: [recipient, now.storageText])
        try execute(
            sql: verified
                ? """
                INSERT INTO auto_reply_hours_verified (hour, count) VALUES (?, 1)
                ON CONFLICT(hour) DO UPDATE SET count = count + 1
                """
                : """
                INSERT INTO auto_reply_hours (hour, count) VALUES (?, 1)
                ON CONFLICT(hour) DO UPDATE SET count = count + 1
                """, arguments: [Self.hour(of: now)])
    }

    /// About how many automatic replies went to anyone in the hour before `now` (the global
    /// cap), in constant time: this clock hour's count plus the previous hour's, weighted by
    /// how much of it still lies within the hour (a sliding-window estimate; counting the rows
    /// themselves cost a scan of up to an hour's replies for every mail).
    public func autoRepliesInLastHour(at now: Date, verified: Bool = false) throws -> Int {
        let hour = Self.hour(of: now)
        let rows = try Row.fetchAll(
            cached(
                verified
                    ? "SELECT hour, count FROM auto_reply_hours_verified WHERE hour IN (?, ?)"
                    : "SELECT hour, count FROM auto_reply_hours WHERE hour IN (?, ?)"), arguments: [hour, hour - 1])
        var current = 0
        var previous = 0
        for row in rows {
            if (row[0] as Int64) == hour { current = row[1] } else { previous = row[1] }
        }
        let elapsed = now.timeIntervalSince1970 - Double(hour) * 3600
        return current + Int((Double(previous) * (1 - elapsed / 3600)).rounded(.up))
    }

    private static func hour(of date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / 3600).rounded(.down)) }

    /// How many automatic replies went to `recipient` since `since`.
    public func autoReplyCount(to recipient: String, since: Date) throws -> Int {
        try Int.fetchOne(
            cached("SELECT COUNT(*) FROM auto_replies WHERE recipient = ? AND at > ?"),
            arguments: [recipient, since.storageText])
            ?? 0
    }
}
