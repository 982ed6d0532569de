import Foundation
import ServiceLifecycle
import Synchronization

/// A nudge from one service to another: the IDLE watcher wakes the poller when mail arrives,
/// the poller wakes the outbox when it queued mail. A waiter returns at the first nudge or after
/// its longest wait, whichever is first; a nudge while nobody waits is kept (one is enough).
/// Nothing polls: the waiter is suspended until the nudge or its timer resumes it.
public final class Wake: Sendable {
    private struct State {
        var nudged = false
        var waiter: CheckedContinuation<Void, Never>?
        var cancelled = false
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.nudged = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits until nudged, `seconds` pass, or a graceful shutdown begins. One waiter at a time.
    func wait(upTo seconds: TimeInterval) async {
        if state.withLock({ state in
            defer { state.nudged = false }
            return state.nudged
        }) {
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.nudge() }
            group.addTask { await sleepUnlessShuttingDown(seconds) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Suspends until `signal` (or until the task is cancelled).
    private func nudge() async {
        state.withLock { $0.cancelled = false }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.nudged || state.cancelled {
                        state.nudged = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.cancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
