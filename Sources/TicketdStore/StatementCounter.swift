import Synchronization

/// How many SQL statements the store has run since it opened (SQLite's trace hook on every
/// connection): the cost of a mail in round trips, exported as `ticketd_sql_statements_total`
/// and read by `ticketd-bench ingest` as `statements_per_mail`.
public final class StatementCounter: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    func increment() { count.add(1, ordering: .relaxed) }

    public var value: Int { count.load(ordering: .relaxed) }
}
