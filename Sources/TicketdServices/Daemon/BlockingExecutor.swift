import Dispatch
import ServiceLifecycle

/// Runs blocking work (libcurl's `curl_easy_perform`, SQLite commits) on a dedicated serial
/// dispatch queue, never on Swift's cooperative thread pool, and hands the result back to async
/// code. One executor per connection, so the IMAP and SMTP sides overlap instead of adding up.
public final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the executor's thread and returns what it returns or throws.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// Runs `body` on the executor's thread with a stop flag that a graceful shutdown sets, so
    /// long blocking work finishes the item in hand and returns.
    public func runStoppable<T: Sendable>(_ body: @escaping @Sendable (StopFlag) throws -> T) async throws -> T {
        let stop = StopFlag()
        return try await withGracefulShutdownHandler {
            try await run { try body(stop) }
        } onGracefulShutdown: {
            stop.set()
        }
    }
}
