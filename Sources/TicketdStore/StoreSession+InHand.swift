import Foundation
import GRDB

/// What earlier crashes say of one mail: how often the daemon died with it in hand, and how
/// often while it was the only mail in hand.
public struct IntakeSuspect: Sendable, Equatable {
    public var uid: UInt32
    public var crashes: Int
    public var crashesAlone: Int
}

/// The mail in hand while it is parsed and decided (ARCHITECTURE "no single mail can stop
/// intake"). A batch's UIDs are written before its mail is read and cleared in the transaction
/// that commits it, so rows still here at the next start name the mail a crash (or a watchdog
/// kill during a stall) interrupted: one write per batch, not per mail.
extension StoreSession {
    /// Marks these UIDs as in hand; `alone` when the batch is one mail.
    public func markInHand(mailbox: String, uidValidity: UInt32, uids: [UInt32]) throws {
        let alone = uids.count == 1
        for uid in uids {
            try execute(
                sql: "INSERT OR REPLACE INTO intake_in_hand (mailbox, uidvalidity, uid, alone) VALUES (?, ?, ?, ?)",
                arguments: [mailbox, Int64(uidValidity), Int64(uid), alone])
        }
    }

    /// Forgets the in-hand marks of these UIDs (the batch committed) and their suspicions.
    public func clearInHand(mailbox: String, uidValidity: UInt32, uids: [UInt32]) throws {
        for uid in uids {
            let arguments: StatementArguments = [mailbox, Int64(uidValidity), Int64(uid)]
            try execute(
                sql: "DELETE FROM intake_in_hand WHERE mailbox = ? AND uidvalidity = ? AND uid = ?",
                arguments: arguments)
            try execute(
                sql: "DELETE FROM intake_suspects WHERE mailbox = ? AND uidvalidity = ? AND uid = ?",
                arguments: arguments)
        }
    }

    /// Turns marks left by a run that died into suspicions (one more crash each, and one more
    /// crash alone for a mail that was alone) and clears the marks. Returns the suspects.
    @discardableResult
    public func recordCrashesInHand(mailbox: String, uidValidity: UInt32) throws -> [IntakeSuspect] {
        try execute(
            sql: """
                INSERT INTO intake_suspects (mailbox, uidvalidity, uid, crashes, crashes_alone)
                SELECT mailbox, uidvalidity, uid, 1, alone FROM intake_in_hand WHERE mailbox = ? AND uidvalidity = ?
                ON CONFLICT (mailbox, uidvalidity, uid) DO UPDATE SET
                    crashes = crashes + 1, crashes_alone = crashes_alone + excluded.crashes_alone
                """, arguments: [mailbox, Int64(uidValidity)])
        try execute(sql: "DELETE FROM intake_in_hand WHERE mailbox = ?", arguments: [mailbox])
        return try intakeSuspects(mailbox: mailbox, uidValidity: uidValidity)
    }

    /// The mail earlier crashes suspect.
    public func intakeSuspects(mailbox: String, uidValidity: UInt32) throws -> [IntakeSuspect] {
        try Row.fetchAll(
            cached("SELECT uid, crashes, crashes_alone FROM intake_suspects WHERE mailbox = ? AND uidvalidity = ?"),
            arguments: [mailbox, Int64(uidValidity)]
        ).map { IntakeSuspect(uid: UInt32(truncatingIfNeeded: $0[0] as Int64), crashes: $0[1], crashesAlone: $0[2]) }
    }
}
