import Foundation
import Logging
import ServiceLifecycle

/// `ticketd run`: the poller, the SLA sweeper, the outbox sender, the metrics writer, SIGHUP
/// reloads and systemd notifications as services of one group, stopped gracefully by SIGTERM or
/// SIGINT (each finishes the mail in hand, then the process exits 0). The executable assembles
/// the group: `services(adding:)` gives the daemon's own, with room for more (the web server and
/// a database client join that way), `groupConfiguration(services:)` the signals and limits.
public struct TicketdDaemon: Sendable {
    public let holder: RuntimeHolder
    public let configPath: String
    public let logger: Logger
    public let notifier: SystemdNotifier
    public let counters = DaemonCounters()
    /// IDLE wakes the poller when mail arrives; the poller wakes the outbox when it queued mail.
    private let progress = ProgressBeacon()
    private let pollWake = Wake()
    private let outboxWake = Wake()

    public init(
        runtime: TicketdRuntime, configPath: String, logger: Logger, notifier: SystemdNotifier = SystemdNotifier()
    ) {
        holder = RuntimeHolder(runtime)
        self.configPath = configPath
        self.logger = logger
        self.notifier = notifier
    }

    /// The daemon's services with `extra` ones among them, in start order. They are told to stop
    /// in reverse order: systemd's service comes last so that it hears the signal first and sends
    /// STOPPING=1 before the poller and the outbox drain.
    public func services(adding extra: [any Service] = []) -> [any Service] {
        let configuration = holder.current.runtime.configuration
        // Longest a healthy poller goes without a beat: a wait (poll interval or the IMAP
        // backoff's 300 s cap), plus one libcurl operation (300 s) or two parse deadlines.
        let stallLimit =
            300
            + max(
                300, Double(configuration.mailbox.pollInterval.seconds),
                2 * Double(configuration.intake.maxParseTime.seconds))
        let own: [any Service] = [
            ReloadService(
                holder: holder, configPath: configPath, counters: counters, notifier: notifier,
                logger: logger.with(service: "reload")),
            MetricsService(holder: holder, counters: counters, logger: logger.with(service: "metrics")),
            IdleService(holder: holder, wake: pollWake, logger: logger.with(service: "idle")),
            PollerService(
                holder: holder, counters: counters, notifier: notifier, progress: progress, wake: pollWake,
                outboxWake: outboxWake, logger: logger.with(service: "poller")),
            SweeperService(holder: holder, logger: logger.with(service: "sla")),
            OutboxService(holder: holder, counters: counters, wake: outboxWake, logger: logger.with(service: "outbox")),
        ]
        return own + extra + [SystemdService(notifier: notifier, progress: progress, stallLimit: stallLimit)]
    }

    /// The group around `services`: SIGTERM and SIGINT drain it; the unit's TimeoutStopSec is
    /// 30 s, so it drains for at most 20, then cancels, then gives up.
    public func groupConfiguration(services: [any Service]) -> ServiceGroupConfiguration {
        var group = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(20)
        group.maximumCancellationDuration = .seconds(5)
        return group
    }

    /// Runs `group` (from `groupConfiguration`) until it stops.
    public func run(_ group: ServiceGroup) async throws {
        for warning in TrustAdvice(holder.current.runtime.configuration).warnings { logger.warning("\(warning)") }
        logger.notice("ticketd running", metadata: ["mailbox": "\(holder.current.runtime.configuration.mailbox.url)"])
        notifier.ready(status: "running")
        try await group.run()
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
