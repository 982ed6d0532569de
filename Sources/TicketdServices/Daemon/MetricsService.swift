import Foundation
import Logging
import ServiceLifecycle

/// Writes the metrics file (`metrics_file:`) every `interval` seconds while the daemon runs.
public struct MetricsService: Service {
    let holder: RuntimeHolder
    let counters: DaemonCounters
    let logger: Logger
    var interval: TimeInterval = 15

    public init(holder: RuntimeHolder, counters: DaemonCounters, logger: Logger) {
        self.holder = holder
        self.counters = counters
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            write()
            await sleepUnlessShuttingDown(interval)
        }
        write()  // the figures as the daemon stops
    }

    private func write() {
        let runtime = holder.current.runtime
        guard let path = runtime.configuration.metricsFile else { return }
        do {
            let status = try StatusReport.read(from: runtime.store)
            try MetricsFile(path: path).write(
                MetricsFile.render(
                    status: status, counters: counters,
                    acknowledgementsHeld: runtime.intake.acknowledgementPause.held,
                    statements: runtime.store.statements.value, now: Date()))
        } catch {
            logger.warning("cannot write the metrics file", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }
}
