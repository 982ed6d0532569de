import Foundation
import GRDB

/// What services may do inside one read or write transaction. Every change a mail causes is
/// made through one session so that it commits together with the mailbox checkpoint.
public struct StoreSession {
    let db: Database

    /// Runs a statement through GRDB's statement cache: the intake runs the same few inserts for
    /// every mail, and compiling them each time costs more than running them.
    func execute(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// A compiled statement from GRDB's cache, for the reads that run per mail or per clock.
    func cached(_ sql: String) throws -> Statement {
        try db.cachedStatement(sql: sql)
    }

    /// Runs `body` with `bytes` viewed as Data without copying them (SQLite copies a bound blob
    /// itself); a 50 MB mail is then held by ticketd once, not twice.
    func withBlob<T>(_ bytes: [UInt8]?, _ body: (Data?) throws -> T) rethrows -> T {
        guard let bytes else { return try body(nil) }
        return try bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return try body(Data()) }
            return try body(
                Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none))
        }
    }

    /// A value recorded by the daemon (last poll, last error, ...).
    public func state(_ key: String) throws -> String? {
        try String.fetchOne(cached("SELECT value FROM daemon_state WHERE key = ?"), arguments: [key])
    }

    /// Records a daemon value with the time it was recorded.
    public func setState(_ key: String, _ value: String, at now: Date) throws {
        try execute(
            sql: """
                INSERT INTO daemon_state (key, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
            arguments: [key, value, now.storageText])
    }
}
