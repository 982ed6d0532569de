import Foundation

/// Exponential backoff with ±25 % jitter, capped: how long to wait after the n-th consecutive
/// failure, so that a down server is not hammered and many daemons do not retry in step.
public struct Backoff: Sendable {
    public var base: TimeInterval
    public var cap: TimeInterval

    public init(base: TimeInterval, cap: TimeInterval) {
        self.base = base
        self.cap = cap
    }

    /// The delay after `failures` consecutive failures (1 for the first).
    public func delay(afterFailures failures: Int) -> TimeInterval {
        let exponential = min(cap, base * pow(2, Double(max(0, min(failures - 1, 30)))))
        return exponential * Double.random(in: 0.75...1.25)
    }
}
