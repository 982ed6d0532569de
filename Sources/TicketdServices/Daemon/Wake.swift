import Foundation
import ServiceLifecycle
import Synchronization

/// A nudge from one service to another: the IDLE watcher wakes the poller when mail arrives,
/// the poller wakes the outbox when it queued mail. A waiter returns at the first nudge or after
/// its longest wait, whichever is first; nudges while nobody waits are kept (one is enough).
public final class Wake: Sendable {
    private let nudged = Mutex(false)

    public init() {}

    public func signal() { nudged.withLock { $0 = true } }

    /// Waits until nudged, `seconds` pass, or a graceful shutdown begins. Checks every 50 ms:
    /// twenty cheap wake-ups a second, next to no CPU, and at most 50 ms of added latency.
    func wait(upTo seconds: TimeInterval) async {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled {
            if nudged.withLock({ value in
                defer { value = false }
                return value
            }) {
                return
            }
            await sleepUnlessShuttingDown(min(0.05, max(0, deadline.timeIntervalSinceNow)))
        }
    }
}
