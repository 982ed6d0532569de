import Foundation

/// Mails composed on other threads while the caller goes on deciding which mails there are:
/// rendering a template and a MIME mail costs more than the rows a notice writes, and needs no
/// store. Requests are handed to the workers in chunks as they are added; `finish` waits and
/// returns the mails in the order they were added.
final class ComposeBatch: @unchecked Sendable {
    private let composer: MailComposer
    private let now: Date
    private let chunkSize: Int
    private let group = DispatchGroup()
    private let lock = NSLock()
    /// Guarded by `lock`: each chunk's mails, filled in by its worker.
    private var chunks: [[Result<MailComposer.Composed, any Error>]?] = []
    /// Touched by the adding thread only.
    private var pending: [MailComposer.Request] = []

    init(composer: MailComposer, at now: Date, chunkSize: Int = 50) {
        self.composer = composer
        self.now = now
        self.chunkSize = chunkSize
    }

    func add(_ request: MailComposer.Request) {
        pending.append(request)
        if pending.count >= chunkSize { dispatchPending() }
    }

    /// Every mail added, in order; the first failure is thrown.
    func finish() throws -> [MailComposer.Composed] {
        if !pending.isEmpty { dispatchPending() }
        group.wait()
        return try lock.withLock { chunks }.flatMap { try $0!.map { try $0.get() } }
    }

    private func dispatchPending() {
        let index = lock.withLock {
            chunks.append(nil)
            return chunks.count - 1
        }
        let chunk = Chunk(requests: pending)
        pending.removeAll()
        DispatchQueue.global().async(group: group) { [self] in
            var mails: [Result<MailComposer.Composed, any Error>] = []
            for request in chunk.requests {
                do {
                    mails += try composer.composeEach(request, at: now).map { .success($0) }
                } catch {
                    mails.append(.failure(error))
                }
            }
            lock.withLock { chunks[index] = mails }
        }
    }

    /// Requests handed to one worker.
    private struct Chunk: Sendable {
        let requests: [MailComposer.Request]
    }
}
