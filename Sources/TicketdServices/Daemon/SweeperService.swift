import Foundation
import Logging
import ServiceLifecycle

/// Sweeps the SLA clocks forever: wakes at the next clock's due instant (or every 30 s at the
/// latest, so clocks written by `ticketd ticket set` in another process are seen), queues the
/// notices, and sleeps again.
public struct SweeperService: Service {
    let holder: RuntimeHolder
    let logger: Logger
    let executor = BlockingExecutor(label: "ticketd.sla")
    var longestSleep: TimeInterval = 30

    public init(holder: RuntimeHolder, logger: Logger) {
        self.holder = holder
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var sleep = longestSleep
            let runtime = holder.current.runtime
            do {
                let next = try await executor.run { [logger] in
                    _ = try runtime.sweeper.sweep(at: Date(), logger: logger)
                    return try runtime.store.read { try $0.nextClockDue() }
                }
                if let next { sleep = min(longestSleep, max(0.05, next.timeIntervalSinceNow)) }
            } catch {
                logger.error("SLA sweep failed", metadata: ["error": "\(error)"])
                sleep = 5
            }
            let pause = sleep
            await sleepUnlessShuttingDown(pause)
        }
    }
}
