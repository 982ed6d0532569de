import Foundation
import Logging
import ServiceLifecycle

/// `ticketd run`: the poller, the SLA sweeper, the outbox sender, the metrics writer, SIGHUP
/// reloads and systemd notifications as services of one group, stopped gracefully by SIGTERM or
/// SIGINT (each finishes the mail in hand, then the process exits 0).
public struct TicketdDaemon: Sendable {
    public let holder: RuntimeHolder
    public let configPath: String
    public let logger: Logger
    public let notifier: SystemdNotifier
    public let counters = DaemonCounters()

    public init(
        runtime: TicketdRuntime, configPath: String, logger: Logger, notifier: SystemdNotifier = SystemdNotifier()
    ) {
        holder = RuntimeHolder(runtime)
        self.configPath = configPath
        self.logger = logger
        self.notifier = notifier
    }

    public func run() async throws {
        let progress = ProgressBeacon()
        let configuration = holder.current.runtime.configuration
        // Longest a healthy poller goes without a beat: a wait (poll interval or the IMAP
        // backoff's 300 s cap), plus one libcurl operation (300 s) or two parse deadlines.
        let stallLimit =
            300
            + max(
                300, Double(configuration.mailbox.pollInterval.seconds),
                2 * Double(configuration.intake.maxParseTime.seconds))
        if !configuration.analysts.isEmpty, configuration.trust.authservID == nil,
            !configuration.trust.unauthenticatedAnalysts
        {
            logger.warning(
                "trust.authserv_id is not set: no mail can prove that it comes from an analyst, so analysts' mail counts as anyone's"
            )
        }
        if configuration.trust.unauthenticatedAnalysts {
            logger.warning(
                "trust.unauthenticated_analysts is true: anyone who writes an analyst's address in From counts as that analyst; for test setups only"
            )
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    SystemdService(notifier: notifier, progress: progress, stallLimit: stallLimit),
                    ReloadService(
                        holder: holder, configPath: configPath, counters: counters, notifier: notifier,
                        logger: logger.with(label: "reload")),
                    MetricsService(holder: holder, counters: counters, logger: logger.with(label: "metrics")),
                    PollerService(
                        holder: holder, counters: counters, notifier: notifier, progress: progress,
                        logger: logger.with(label: "poller")),
                    SweeperService(holder: holder, logger: logger.with(label: "sla")),
                    OutboxService(holder: holder, counters: counters, logger: logger.with(label: "outbox")),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        logger.notice("ticketd running", metadata: ["mailbox": "\(holder.current.runtime.configuration.mailbox.url)"])
        notifier.ready(status: "running")
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
