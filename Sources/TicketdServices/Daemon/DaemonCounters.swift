import Synchronization

/// Counters since start, for the metrics file: what went through, what failed.
public final class DaemonCounters: Sendable {
    public enum Counter: Sendable, Hashable {
        case fetched, created, quarantined, sent, sendFailures, pollErrors, smtpErrors, reloads
    }

    private let values = Mutex<[Counter: Int]>([:])

    public init() {}

    func add(_ counter: Counter, _ value: Int) {
        guard value != 0 else { return }
        values.withLock { $0[counter, default: 0] += value }
    }

    public func value(_ counter: Counter) -> Int {
        values.withLock { $0[counter] ?? 0 }
    }
}
