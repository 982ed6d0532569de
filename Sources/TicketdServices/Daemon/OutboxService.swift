import Foundation
import Logging
import ServiceLifecycle
import TicketdMail
import TicketdStore

/// Sends the outbox forever over its own SMTP connection and thread, so sending overlaps
/// fetching. Idle, it looks for new rows when the poller queued some or every `idleInterval`; when the server is down it backs
/// off (the outbox grows, mail keeps flowing in). On graceful shutdown the mail in hand finishes.
public struct OutboxService: Service {
    let holder: RuntimeHolder
    let counters: DaemonCounters
    let logger: Logger
    /// Nudged by the poller when it queued mail, so an acknowledgement leaves at once.
    let wake: Wake
    let executor = BlockingExecutor(label: "ticketd.smtp")
    let connection = SMTPConnection()
    var idleInterval: TimeInterval = 2
    /// Retries of a server that is down: fast at first, then once a minute.
    let backoff = Backoff(base: 1, cap: 60)

    public init(holder: RuntimeHolder, counters: DaemonCounters, wake: Wake = Wake(), logger: Logger) {
        self.wake = wake
        self.holder = holder
        self.counters = counters
        self.logger = logger
    }

    public func run() async throws {
        var failures = 0
        var failureLog = FailureLog(what: "SMTP sending")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let (runtime, generation) = holder.current
            do {
                let result = try await executor.runStoppable { [connection, logger] stop in
                    try connection.sendDue(runtime: runtime, generation: generation, stop: stop, logger: logger)
                }
                counters.add(.sent, result.sent)
                counters.add(.sendFailures, result.failed)
                if let serverError = result.serverError {
                    failures += 1
                    counters.add(.smtpErrors, 1)
                    let delay = backoff.delay(afterFailures: failures)
                    failureLog.failed(serverError, logger: logger, retryIn: delay)
                    await sleepUnlessShuttingDown(delay)
                    continue
                }
                failures = 0
                failureLog.succeeded(logger: logger)
                if result.sent + result.failed + result.deferred == 0 { await wake.wait(upTo: idleInterval) }
            } catch {
                failures += 1
                let delay = backoff.delay(afterFailures: failures)
                failureLog.failed("\(error)", logger: logger, retryIn: delay)
                await sleepUnlessShuttingDown(delay)
            }
        }
    }
}

/// The SMTP connection the outbox service keeps between passes (dropped after a failure or a
/// reload); used only on its executor.
final class SMTPConnection: @unchecked Sendable {
    private var sender: SMTPSender?
    private var generation = -1

    func sendDue(runtime: TicketdRuntime, generation: Int, stop: StopFlag, logger: Logger) throws -> OutboxSender.Result
    {
        if generation != self.generation {
            sender = nil
            self.generation = generation
        }
        let outbox = OutboxSender(store: runtime.store, endpoint: try runtime.smtpEndpoint())
        return try outbox.sendDue(at: Date(), connection: &sender, limit: 1000, stop: stop, logger: logger)
    }
}
