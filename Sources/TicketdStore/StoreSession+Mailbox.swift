import Foundation
import GRDB

/// How far a mailbox has been read: `(UIDVALIDITY, last UID)` — the truth about what is new,
/// since fetching by URL sets \Seen on everything.
public struct MailboxCheckpoint: Sendable, Equatable {
    public var uidValidity: UInt32
    public var lastUID: UInt32

    public init(uidValidity: UInt32, lastUID: UInt32) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }
}

/// A committed message still waiting to be moved out of the inbox.
public struct PendingMove: Sendable, Equatable {
    public var uid: UInt32
    public var destination: String

    public init(uid: UInt32, destination: String) {
        self.uid = uid
        self.destination = destination
    }
}

extension StoreSession {
    public func checkpoint(mailbox: String) throws -> MailboxCheckpoint? {
        try Row.fetchOne(
            cached("SELECT uidvalidity, last_uid FROM checkpoints WHERE mailbox = ?"), arguments: [mailbox]
        )
        .map {
            MailboxCheckpoint(uidValidity: UInt32($0["uidvalidity"] as Int64), lastUID: UInt32($0["last_uid"] as Int64))
        }
    }

    public func saveCheckpoint(_ checkpoint: MailboxCheckpoint, mailbox: String, at now: Date) throws {
        try execute(
            sql: """
                INSERT INTO checkpoints (mailbox, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid,
                    updated_at = excluded.updated_at
                """,
            arguments: [mailbox, Int64(checkpoint.uidValidity), Int64(checkpoint.lastUID), now.storageText])
    }

    /// Records that a committed message must be moved; done in the same transaction as the
    /// message itself, so a crash before the move is finished on the next poll.
    public func addPendingMove(mailbox: String, uidValidity: UInt32, uid: UInt32, destination: String) throws {
        try execute(
            sql: "INSERT OR REPLACE INTO pending_moves (mailbox, uidvalidity, uid, destination) VALUES (?, ?, ?, ?)",
            arguments: [mailbox, Int64(uidValidity), Int64(uid), destination])
    }

    public func pendingMoves(mailbox: String, uidValidity: UInt32) throws -> [PendingMove] {
        try Row.fetchAll(
            cached("SELECT uid, destination FROM pending_moves WHERE mailbox = ? AND uidvalidity = ? ORDER BY uid"),
            arguments: [mailbox, Int64(uidValidity)]
        ).map { PendingMove(uid: UInt32($0["uid"] as Int64), destination: $0["destination"]) }
    }

    /// Forgets moves that are done (or that a new UIDVALIDITY made meaningless).
    public func clearPendingMoves(mailbox: String, uids: [UInt32]? = nil) throws {
        guard let uids else {
            try execute(sql: "DELETE FROM pending_moves WHERE mailbox = ?", arguments: [mailbox])
            return
        }
        for uid in uids {
            try execute(
                sql: "DELETE FROM pending_moves WHERE mailbox = ? AND uid = ?", arguments: [mailbox, Int64(uid)])
        }
    }
}
