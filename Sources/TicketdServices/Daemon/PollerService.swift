import Foundation
import Logging
import ServiceLifecycle
import TicketdMail
import TicketdStore

/// Polls the mailbox forever: fetch and commit everything new, wait `poll_interval`, repeat.
/// IMAP runs on its own thread; a failing server is retried with backoff, never fatal.
/// On graceful shutdown the poll in hand stops after the current message and commits.
public struct PollerService: Service {
    let holder: RuntimeHolder
    let counters: DaemonCounters
    let notifier: SystemdNotifier
    let progress: ProgressBeacon
    /// Nudged by the IDLE watcher when mail arrives.
    let wake: Wake
    /// Nudged here when a poll queued mail to send.
    let outboxWake: Wake
    let logger: Logger
    let executor = BlockingExecutor(label: "ticketd.imap")
    let backoff = Backoff(base: 1, cap: 300)
    let connection = IMAPConnection()

    public init(
        holder: RuntimeHolder, counters: DaemonCounters, notifier: SystemdNotifier,
        progress: ProgressBeacon = ProgressBeacon(), wake: Wake = Wake(), outboxWake: Wake = Wake(), logger: Logger
    ) {
        self.progress = progress
        self.wake = wake
        self.outboxWake = outboxWake
        self.holder = holder
        self.counters = counters
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        var failures = 0
        var failureLog = FailureLog(what: "IMAP polling")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let (runtime, generation) = holder.current
            progress.beat()
            do {
                let result = try await executor.runStoppable { [connection, logger, progress] stop in
                    try connection.poll(
                        runtime: runtime, generation: generation, stop: stop, progress: progress, logger: logger)
                }
                progress.beat()
                failures = 0
                failureLog.succeeded(logger: logger)
                counters.add(.fetched, result.fetched)
                counters.add(.created, result.created)
                counters.add(.quarantined, result.quarantined)
                notifier.status(
                    "last poll \(JSONOutput.rfc3339(Date())): fetched \(result.fetched), created \(result.created)")
                if result.fetched > 0 {
                    logger.info(
                        "poll done",
                        metadata: [
                            "fetched": "\(result.fetched)", "created": "\(result.created)",
                            "threaded": "\(result.threaded)", "quarantined": "\(result.quarantined)",
                            "fetch_s": "\(result.fetchSeconds)", "commit_s": "\(result.commitSeconds)",
                            "move_s": "\(result.moveSeconds)",
                        ])
                }
                // More may have arrived while we worked: poll again at once if this one was busy
                // (the loop's condition ends it when a shutdown stopped the poll).
                if result.fetched > 0 {
                    outboxWake.signal()
                    continue
                }
                // Until IDLE reports mail, or poll_interval passes (the safety net).
                await wake.wait(upTo: runtime.configuration.mailbox.pollInterval.timeInterval)
            } catch {
                failures += 1
                counters.add(.pollErrors, 1)
                let delay = backoff.delay(afterFailures: failures)
                failureLog.failed("\(error)", logger: logger, retryIn: delay)
                notifier.status("IMAP failing: \(error)")
                try? runtime.store.write { try $0.setState("last_error", "\(error)", at: Date()) }
                progress.beat()
                await sleepUnlessShuttingDown(delay)
            }
        }
    }
}

/// The IMAP session the poller keeps between polls (dropped after an error or a reload); used
/// only on the poller's executor thread.
final class IMAPConnection: @unchecked Sendable {
    private var session: IMAPSession?
    private var generation = -1

    func poll(
        runtime: TicketdRuntime, generation: Int, stop: StopFlag, progress: ProgressBeacon, logger: Logger
    ) throws -> MailPoller.Result {
        if generation != self.generation {
            session = nil
            self.generation = generation
        }
        do {
            if session == nil { session = try IMAPSession(endpoint: runtime.imapEndpoint()) }
            var poller = MailPoller(store: runtime.store, intake: runtime.intake, endpoint: session!.endpoint)
            poller.progress = progress
            let result = try poller.poll(session: session, stop: stop, logger: logger)
            try runtime.store.write { try $0.setState("last_poll", JSONOutput.rfc3339(Date()), at: Date()) }
            return result
        } catch {
            session = nil
            throw error
        }
    }
}
