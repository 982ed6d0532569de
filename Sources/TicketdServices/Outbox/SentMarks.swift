import Foundation
import TicketdStore

/// Commits the outbox's "sent" marks on a thread of their own, so the sender keeps talking to
/// the SMTP server while a commit waits for the database's write lock (the intake holds it for
/// a whole batch). Marks that pile up meanwhile commit together. At most `limit` mails wait for
/// their mark: a crash resends those, with their same Message-IDs (ARCHITECTURE.md allows only
/// that resend; the crash proof counts them).
final class SentMarks: @unchecked Sendable {
    private let store: TicketStore
    private let limit: Int
    private let queue = DispatchQueue(label: "ticketd.sent-marks")
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [(id: Int64, at: Date)] = []
    private var outstanding = 0
    private var committing = false
    private var failure: StoreError?

    init(store: TicketStore, limit: Int) {
        self.store = store
        self.limit = max(1, limit)
    }

    /// Hands marks over; waits only while `limit` marks are still uncommitted.
    func submit(_ ids: [Int64], at now: Date) throws(StoreError) {
        guard !ids.isEmpty else { return }
        condition.lock()
        while outstanding > 0 && outstanding + ids.count > limit && failure == nil { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure
        }
        pending += ids.map { ($0, now) }
        outstanding += ids.count
        let start = !committing
        committing = true
        condition.unlock()
        if start { queue.async { self.commitPending() } }
    }

    /// Waits until every mark handed over is committed; throws the first failure.
    func drain() throws(StoreError) {
        condition.lock()
        defer { condition.unlock() }
        while outstanding > 0 && failure == nil { condition.wait() }
        if let failure { throw failure }
    }

    private func commitPending() {
        while true {
            condition.lock()
            let marks = pending
            pending.removeAll(keepingCapacity: true)
            if marks.isEmpty {
                committing = false
                condition.unlock()
                return
            }
            condition.unlock()
            var error: StoreError?
            do {
                try store.write { session in
                    for mark in marks { try session.markSent(mark.id, at: mark.at) }
                }
            } catch let caught {
                error = caught
            }
            condition.lock()
            outstanding -= marks.count
            if let error, failure == nil { failure = error }
            condition.broadcast()
            condition.unlock()
        }
    }
}
