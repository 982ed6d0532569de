import Foundation

/// Acknowledgements held back by the global cap (`auto_reply_limit.per_hour_total`): counted
/// for the metrics, and reported in the log once per pause rather than once per mail.
public final class AcknowledgementPause: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    private var lastWarning: Date?

    public init() {}

    /// Acknowledgements held back since the daemon started.
    public var held: Int { lock.withLock { total } }

    /// Counts one held acknowledgement; true when it starts a pause worth a log line (the
    /// first, or the first an hour after the last warning).
    func count(at now: Date) -> Bool {
        lock.withLock {
            total += 1
            if let last = lastWarning, now.timeIntervalSince(last) < 3600 { return false }
            lastWarning = now
            return true
        }
    }
}
