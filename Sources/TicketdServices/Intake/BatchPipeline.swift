import Dispatch
import Foundation

/// The commit stage of a poll: batches handed over by the fetching thread are decided and
/// committed one after another on a thread of their own, so that fetching and committing
/// overlap. At most two batches wait, bounding memory. After a failure no later batch commits:
/// a later checkpoint must never skip an uncommitted batch.
final class BatchPipeline: @unchecked Sendable {
    private let queue = DispatchQueue(label: "ticketd.commit")
    private let slots = DispatchSemaphore(value: 2)
    private let group = DispatchGroup()
    private let lock = NSLock()
    // Touched only on `queue`, or under `lock`.
    private var result = MailPoller.Result()
    private var failure: (any Error)?
    private var committed = 0
    private var moved: [UInt32] = []

    init() {}

    /// How many batches have committed so far.
    var committedBatches: Int { lock.withLock { committed } }

    /// True once a batch failed: the fetcher should stop.
    var hasFailed: Bool { lock.withLock { failure != nil } }

    /// Records UIDs moved out of the inbox; the next batch's work gets them to forget.
    func noteMoved(_ uids: [UInt32]) { lock.withLock { moved += uids } }

    /// UIDs noted as moved and not yet handed to a batch.
    func takeMoved() -> [UInt32] {
        lock.withLock {
            defer { moved = [] }
            return moved
        }
    }

    /// Queues a batch's work (given the moved UIDs to forget in its transaction); blocks while
    /// two batches already wait.
    func submit(_ work: @escaping @Sendable (inout MailPoller.Result, [UInt32]) throws -> Void) {
        slots.wait()
        queue.async(group: group) { [self] in
            defer { slots.signal() }
            guard !hasFailed else { return }
            let forget = takeMoved()
            do {
                try work(&result, forget)
                lock.withLock { committed += 1 }
            } catch {
                noteMoved(forget)
                lock.withLock { failure = failure ?? error }
            }
        }
    }

    /// Waits for every queued batch; returns the combined result or the first failure.
    func finish() throws -> MailPoller.Result {
        group.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
        return queue.sync { result }
    }
}
