import Foundation
import ServiceLifecycle

/// Keeps systemd informed: `WATCHDOG=1` every half `WatchdogSec` while the process's services
/// run, and `STOPPING=1` as soon as a graceful shutdown begins.
public struct SystemdService: Service {
    let notifier: SystemdNotifier

    public init(notifier: SystemdNotifier) {
        self.notifier = notifier
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            let interval = notifier.watchdogInterval ?? 3600
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                if notifier.watchdogInterval != nil { notifier.watchdog() }
                await sleepUnlessShuttingDown(interval)
            }
        } onGracefulShutdown: { [notifier] in
            notifier.stopping()
        }
    }
}
