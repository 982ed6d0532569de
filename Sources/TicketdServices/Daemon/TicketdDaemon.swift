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
        // IDLE wakes the poller when mail arrives; the poller wakes the outbox when it queued mail.
        let pollWake = Wake()
        let outboxWake = Wake()
        let configuration = holder.current.runtime.configuration
        // Longest a healthy poller goes without a beat: a wait (poll interval or the IMAP
        // backoff's 300 s cap), plus one libcurl operation (300 s) or two parse deadlines.
        let stallLimit =
            300
            + max(
                300, Double(configuration.mailbox.pollInterval.seconds),
                2 * Double(configuration.intake.maxParseTime.seconds))
        for warning in TrustAdvice(configuration).warnings { logger.warning("\(warning)") }
        // Services are told to stop in reverse order: systemd's service comes last so that it
        // hears the signal first and sends STOPPING=1 before the poller and the outbox drain.
        var group = ServiceGroupConfiguration(
            services: [
                ReloadService(
                    holder: holder, configPath: configPath, counters: counters, notifier: notifier,
                    logger: logger.with(service: "reload")),
                MetricsService(holder: holder, counters: counters, logger: logger.with(service: "metrics")),
                IdleService(holder: holder, wake: pollWake, logger: logger.with(service: "idle")),
                PollerService(
                    holder: holder, counters: counters, notifier: notifier, progress: progress, wake: pollWake,
                    outboxWake: outboxWake, logger: logger.with(service: "poller")),
                SweeperService(holder: holder, logger: logger.with(service: "sla")),
                OutboxService(
                    holder: holder, counters: counters, wake: outboxWake, logger: logger.with(service: "outbox")),
                SystemdService(notifier: notifier, progress: progress, stallLimit: stallLimit),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // The unit's TimeoutStopSec is 30 s: drain for at most 20, then cancel, then give up.
        group.maximumGracefulShutdownDuration = .seconds(20)
        group.maximumCancellationDuration = .seconds(5)
        logger.notice("ticketd running", metadata: ["mailbox": "\(holder.current.runtime.configuration.mailbox.url)"])
        notifier.ready(status: "running")
        try await ServiceGroup(configuration: group).run()
        logger.notice("ticketd stopped")
    }
}

extension Logger {
    /// The same logger with the service's name in its metadata (`service=poller`).
    func with(service name: String) -> Logger {
        var copy = self
        copy[metadataKey: "service"] = "\(name)"
        return copy
    }
}
