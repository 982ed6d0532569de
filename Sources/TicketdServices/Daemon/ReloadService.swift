import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP reloads the configuration, rules and templates: a good one replaces the runtime on the
/// store that is already open (services pick it up on their next round); a bad one, or one that
/// names another `database:`, is refused and the old one kept, with a log line naming every key
/// at fault. systemd hears `RELOADING=1`, then `READY=1`.
public struct ReloadService: Service {
    let holder: RuntimeHolder
    let configPath: String
    let counters: DaemonCounters
    let notifier: SystemdNotifier
    let logger: Logger

    public init(
        holder: RuntimeHolder, configPath: String, counters: DaemonCounters, notifier: SystemdNotifier, logger: Logger
    ) {
        self.holder = holder
        self.configPath = configPath
        self.counters = counters
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            notifier.reloading()
            do {
                let loaded = try ConfigurationLoader().load(file: configPath)
                for note in loaded.notes { logger.notice("\(note)") }
                let running = holder.current.runtime
                guard loaded.configuration.database == running.configuration.database else {
                    throw ConfigurationError(
                        file: configPath,
                        issues: [
                            ConfigIssue(
                                path: "database",
                                message:
                                    "changed from \(running.configuration.database) to \(loaded.configuration.database); "
                                    + "a reload keeps the open database: restart ticketd to move it")
                        ])
                }
                holder.replace(with: try TicketdRuntime(configuration: loaded.configuration, store: running.store))
                counters.add(.reloads, 1)
                logger.notice("configuration reloaded", metadata: ["config": "\(configPath)"])
                notifier.ready(status: "configuration reloaded")
            } catch let error as ConfigurationError {
                logger.error(
                    "reload refused, keeping the running configuration",
                    metadata: ["problems": "\(error.issues.map(\.description).joined(separator: "; "))"])
                notifier.ready(status: "reload refused: \(error.issues.first?.description ?? "")")
            } catch {
                logger.error("reload refused, keeping the running configuration", metadata: ["error": "\(error)"])
                notifier.ready(status: "reload refused: \(error)")
            }
        }
    }
}
