import Foundation
import Logging
import ServiceLifecycle
import TicketdMail
import TicketdStore

/// Polls the mailbox forever: fetch and commit everything new, wait `poll_interval`, repeat.
/// IMAP runs on its own thread; a failing server is retried with backoff, never fatal.
/// On graceful shutdown the poll in hand stops after the current message and commits.
public struct PollerService: Service {
    let runtime: TicketdRuntime
    let logger: Logger
    let executor = BlockingExecutor(label: "ticketd.imap")
    let backoff = Backoff(base: 1, cap: 300)
    let connection = IMAPConnection()

    public init(runtime: TicketdRuntime, logger: Logger) {
        self.runtime = runtime
        self.logger = logger
    }

    public func run() async throws {
        var failures = 0
        var failureLog = FailureLog(what: "IMAP polling")
        let interval = runtime.configuration.mailbox.pollInterval.timeInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let stop = StopFlag()
            do {
                let result = try await withGracefulShutdownHandler {
                    try await executor.run { [runtime, logger, connection] in
                        try connection.poll(runtime: runtime, stop: stop, logger: logger)
                    }
                } onGracefulShutdown: {
                    stop.set()
                }
                failures = 0
                failureLog.succeeded(logger: logger)
                if result.fetched > 0 {
                    logger.info(
                        "poll done",
                        metadata: [
                            "fetched": "\(result.fetched)", "created": "\(result.created)",
                            "threaded": "\(result.threaded)",
                            "quarantined": "\(result.quarantined)", "fetch_s": "\(result.fetchSeconds)",
                            "commit_s": "\(result.commitSeconds)", "move_s": "\(result.moveSeconds)",
                        ])
                }
                // More may have arrived while we worked: poll again at once if this one was busy.
                if result.fetched > 0 && !stop.isSet { continue }
                await pause(interval)
            } catch {
                failures += 1
                let delay = backoff.delay(afterFailures: failures)
                failureLog.failed("\(error)", logger: logger, retryIn: delay)
                try? runtime.store.write { try $0.setState("last_error", "\(error)", at: Date()) }
                await pause(delay)
            }
        }
    }

    private func pause(_ seconds: TimeInterval) async {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
    }
}

/// The IMAP session the poller keeps between polls (dropped after an error); used only on
/// the poller's executor thread.
final class IMAPConnection: @unchecked Sendable {
    private var session: IMAPSession?

    func poll(runtime: TicketdRuntime, stop: StopFlag, logger: Logger) throws -> MailPoller.Result {
        do {
            if session == nil { session = try IMAPSession(endpoint: runtime.imapEndpoint()) }
            let poller = MailPoller(store: runtime.store, intake: runtime.intake, endpoint: session!.endpoint)
            let result = try poller.poll(session: session, stop: stop, logger: logger)
            try runtime.store.write { try $0.setState("last_poll", JSONOutput.rfc3339(Date()), at: Date()) }
            return result
        } catch {
            session = nil
            throw error
        }
    }
}
