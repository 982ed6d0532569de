import Foundation
import GRDB

/// Mail that could not be turned into a ticket, kept with its reason (`quarantine list`; its
/// JSON shape names the ticket it was released to, null while held).
public struct QuarantineEntry: Sendable, Equatable, Encodable {
    public var id: Int64
    public var mailbox: String
    public var uid: UInt32
    public var messageID: String?
    public var sender: String
    public var subject: String
    public var reason: String
    public var arrivedAt: Date
    public var quarantinedAt: Date
    public var retriedAt: Date?
    public var ticketID: Int64?
}

extension QuarantineEntry {
    /// True between a retry's start and its end.
    public var retrying: Bool { ticketID == -1 }

    /// The ticket it was released to, nil while held or retrying.
    public var releasedTo: Int64? { ticketID.flatMap { $0 > 0 ? $0 : nil } }

    enum CodingKeys: String, CodingKey {
        case id, uid
        case messageID = "message_id"
        case sender, subject, reason
        case arrivedAt = "arrived_at"
        case quarantinedAt = "quarantined_at"
        case ticket
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(uid, forKey: .uid)
        try container.encode(messageID, forKey: .messageID)
        try container.encode(sender, forKey: .sender)
        try container.encode(subject, forKey: .subject)
        try container.encode(reason, forKey: .reason)
        try container.encode(arrivedAt, forKey: .arrivedAt)
        try container.encode(quarantinedAt, forKey: .quarantinedAt)
        try container.encode(releasedTo, forKey: .ticket)
    }
}

/// A mail to quarantine.
public struct QuarantineRecord: Sendable {
    public var mailbox: String
    public var uid: UInt32
    public var messageID: String?
    public var sender: String
    public var subject: String
    public var reason: String
    /// The bytes, or empty when they are kept in the file at `rawPath`.
    public var raw: [UInt8]
    public var rawPath: String?
    public var arrivedAt: Date
    public var contentDigest: String?

    public init(
        mailbox: String, uid: UInt32, messageID: String?, sender: String, subject: String, reason: String, raw: [UInt8],
        rawPath: String? = nil, arrivedAt: Date, contentDigest: String? = nil
    ) {
        self.contentDigest = contentDigest
        self.rawPath = rawPath
        self.mailbox = mailbox
        self.uid = uid
        self.messageID = messageID
        self.sender = sender
        self.subject = subject
        self.reason = reason
        self.raw = raw
        self.arrivedAt = arrivedAt
    }
}

extension StoreSession {
    @discardableResult
    public func quarantine(_ record: QuarantineRecord, at now: Date) throws -> Int64 {
        try withBlob(record.raw) { raw in
            try execute(
                sql: """
                    INSERT INTO quarantine (mailbox, uid, message_id, sender, subject, reason, raw, raw_path, arrived_at,
                        quarantined_at, content_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.mailbox, Int64(record.uid), record.messageID, record.sender, record.subject, record.reason,
                    raw, record.rawPath, record.arrivedAt.storageText, now.storageText, record.contentDigest,
                ])
        }
        return db.lastInsertedRowID
    }

    /// True when a mail with this Message-ID is already held (and not yet released by a retry).
    public func isQuarantined(messageID: String) throws -> Bool {
        try Bool.fetchOne(
            cached("SELECT EXISTS(SELECT 1 FROM quarantine WHERE message_id = ? AND ticket_id IS NULL)"),
            arguments: [messageID]) ?? false
    }

    public func quarantineEntries(limit: Int = 200) throws -> [QuarantineEntry] {
        try Row.fetchAll(cached("SELECT * FROM quarantine ORDER BY id DESC LIMIT ?"), arguments: [limit])
            .map(Self.quarantineEntry(from:))
    }

    public func quarantineEntry(_ id: Int64) throws -> (entry: QuarantineEntry, raw: [UInt8])? {
        guard let row = try Row.fetchOne(cached("SELECT * FROM quarantine WHERE id = ?"), arguments: [id]) else {
            return nil
        }
        if let path: String = row["raw_path"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw StoreError(.notFound, "the raw mail of quarantine entry #\(id) is missing at \(path)")
            }
            return (Self.quarantineEntry(from: row), [UInt8](data))
        }
        let raw: Data = row["raw"]
        return (Self.quarantineEntry(from: row), [UInt8](raw))
    }

    /// Records a retry: the ticket it produced, or the new reason it failed.
    public func markQuarantineRetried(_ id: Int64, ticketID: Int64?, reason: String?, at now: Date) throws {
        try execute(
            sql: "UPDATE quarantine SET retried_at = ?, ticket_id = ?, reason = COALESCE(?, reason) WHERE id = ?",
            arguments: [now.storageText, ticketID, reason, id])
    }

    public func quarantineCount() throws -> Int {
        try Int.fetchOne(cached("SELECT COUNT(*) FROM quarantine WHERE ticket_id IS NULL")) ?? 0
    }

    private static func quarantineEntry(from row: Row) -> QuarantineEntry {
        QuarantineEntry(
            id: row["id"], mailbox: row["mailbox"], uid: UInt32(row["uid"] as Int64), messageID: row["message_id"],
            sender: row["sender"], subject: row["subject"], reason: row["reason"], arrivedAt: row["arrived_at"],
            quarantinedAt: row["quarantined_at"], retriedAt: row["retried_at"], ticketID: row["ticket_id"])
    }
}

extension StoreSession {
    /// Removes an entry superseded by a newer one for the same mail.
    public func deleteQuarantineEntry(_ id: Int64) throws {
        try execute(sql: "DELETE FROM quarantine WHERE id = ?", arguments: [id])
    }
}
