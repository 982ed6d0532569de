import Foundation
import GRDB

/// The one way into ticketd's SQLite database: WAL, `synchronous=FULL`, a busy timeout, and
/// the migrations run on open. Services get sessions through `read` and `write`, never handles.
public final class TicketStore: Sendable {
    let pool: DatabasePool
    public let path: String
    /// Statements run on every connection since the store opened.
    public let statements = StatementCounter()

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String, busyTimeout: TimeInterval = 10) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        let counter = statements
        configuration.prepareDatabase { db in
            // A trigger's program is reported too ("-- TRIGGER …"); only the statements sent count.
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event, !statement.sql.hasPrefix("--") { counter.increment() }
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 64 MiB of pages per connection (SQLite's default is 2 MiB): with a million tickets,
            // inserting into indexes keyed by requester or time otherwise spills and rereads
            // pages on every write, and a report rereads its summary rows from the disk cache.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(pool)
        } catch {
            throw StoreError(
                .unavailable,
                "cannot open the database at \(path): \(StoreError.wrapping(error, while: "opening").message)")
        }
    }

    /// Runs `body` in one write transaction: all of it commits, or none of it.
    public func write<T>(_ body: (StoreSession) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write { db in try body(StoreSession(db: db)) }
        } catch {
            throw StoreError.wrapping(error, while: "writing")
        }
    }

    /// Runs `body` on a consistent snapshot.
    public func read<T>(_ body: (StoreSession) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read { db in try body(StoreSession(db: db)) }
        } catch {
            throw StoreError.wrapping(error, while: "reading")
        }
    }
}
