import Foundation
import Logging
import ServiceLifecycle
import TicketdMail
import TicketdStore

/// Sends the outbox forever over its own SMTP connection and thread, so sending overlaps
/// fetching. Idle, it looks for new rows every `idleInterval`; when the server is down it backs
/// off (the outbox grows, mail keeps flowing in). On graceful shutdown the mail in hand finishes.
public struct OutboxService: Service {
    let runtime: TicketdRuntime
    let logger: Logger
    let executor = BlockingExecutor(label: "ticketd.smtp")
    let connection = SMTPConnection()
    var idleInterval: TimeInterval = 0.5
    let backoff = Backoff(base: 1, cap: 300)

    public init(runtime: TicketdRuntime, logger: Logger) {
        self.runtime = runtime
        self.logger = logger
    }

    public func run() async throws {
        var failures = 0
        var failureLog = FailureLog(what: "SMTP sending")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let stop = StopFlag()
            do {
                let result = try await withGracefulShutdownHandler {
                    try await executor.run { [runtime, logger, connection] in
                        try connection.sendDue(runtime: runtime, stop: stop, logger: logger)
                    }
                } onGracefulShutdown: {
                    stop.set()
                }
                if let serverError = result.serverError {
                    failures += 1
                    let delay = backoff.delay(afterFailures: failures)
                    failureLog.failed(serverError, logger: logger, retryIn: delay)
                    await pause(delay)
                    continue
                }
                failures = 0
                failureLog.succeeded(logger: logger)
                if result.sent + result.failed + result.deferred == 0 { await pause(idleInterval) }
            } catch {
                failures += 1
                let delay = backoff.delay(afterFailures: failures)
                failureLog.failed("\(error)", logger: logger, retryIn: delay)
                await pause(delay)
            }
        }
    }

    private func pause(_ seconds: TimeInterval) async {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
    }
}

/// The SMTP connection the outbox service keeps between passes; used only on its executor.
final class SMTPConnection: @unchecked Sendable {
    private var sender: SMTPSender?

    func sendDue(runtime: TicketdRuntime, stop: StopFlag, logger: Logger) throws -> OutboxSender.Result {
        let outbox = OutboxSender(store: runtime.store, endpoint: try runtime.smtpEndpoint())
        return try outbox.sendDue(at: Date(), connection: &sender, limit: 1000, stop: stop, logger: logger)
    }
}
