import GRDB

/// A failure of the store, with the SQLite result code where there is one.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The database file cannot be opened or created.
        case unavailable
        /// Another process holds the lock past the busy timeout.
        case locked
        /// A constraint or an SQL statement failed.
        case failed
        /// The thing asked for does not exist.
        case notFound
        /// The request makes no sense for the thing's state.
        case invalid
        /// A stored value is not one the code knows (a hand-edited or damaged database).
        case corrupt
    }

    public let code: Code
    public let message: String
    public let sqliteCode: Int32?

    public init(_ code: Code, _ message: String, sqliteCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.sqliteCode = sqliteCode
    }

    public var description: String { message }

    /// Wraps GRDB's errors so callers see one error type with a plain message.
    static func wrapping(_ error: any Error, while doing: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            let code: Code = error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED ? .locked : .failed
            let detail = error.message ?? "\(error.resultCode)"
            return StoreError(code, "database error while \(doing): \(detail)", sqliteCode: error.resultCode.rawValue)
        }
        return StoreError(.failed, "database error while \(doing): \(error)")
    }
}
