import Logging
import ServiceLifecycle

/// `ticketd run`: the poller, the SLA sweeper and the outbox sender as services of one group, stopped
/// gracefully by SIGTERM or SIGINT (each finishes the mail in hand, then the process exits 0).
public struct TicketdDaemon: Sendable {
    public let runtime: TicketdRuntime
    public let logger: Logger

    public init(runtime: TicketdRuntime, logger: Logger) {
        self.runtime = runtime
        self.logger = logger
    }

    public func run() async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    PollerService(runtime: runtime, logger: logger.with(label: "poller")),
                    SweeperService(runtime: runtime, logger: logger.with(label: "sla")),
                    OutboxService(runtime: runtime, logger: logger.with(label: "outbox")),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        logger.notice("ticketd running", metadata: ["mailbox": "\(runtime.configuration.mailbox.url)"])
        try await group.run()
        logger.notice("ticketd stopped")
    }
}

extension Logger {
    /// The same handler under a sub-label (`ticketd.poller`).
    func with(label suffix: String) -> Logger {
        var copy = Logger(label: "\(label).\(suffix)")
        copy.logLevel = logLevel
        return copy
    }
}
