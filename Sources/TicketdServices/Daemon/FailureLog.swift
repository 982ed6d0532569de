import Logging

/// Logs a recurring failure once per change, not on every retry: a down server at 2 a.m. gives
/// one error line, one "recovered" line, and the retries in between at debug level.
struct FailureLog {
    private var current: String?
    let what: String

    init(what: String) {
        self.what = what
    }

    mutating func failed(_ message: String, logger: Logger, retryIn delay: Double) {
        if current != message {
            logger.error("\(what) failing", metadata: ["error": "\(message)", "retry_in_s": "\(Int(delay))"])
            current = message
        } else {
            logger.debug("\(what) still failing", metadata: ["retry_in_s": "\(Int(delay))"])
        }
    }

    mutating func succeeded(logger: Logger) {
        if current != nil { logger.notice("\(what) recovered") }
        current = nil
    }
}
