import Foundation
import ServiceLifecycle

/// Keeps systemd informed: `WATCHDOG=1` every half `WatchdogSec` while the poller makes
/// progress (its beacon beat within `stallLimit`), and `STOPPING=1` as soon as a graceful
/// shutdown begins. A poller stuck on one mail lets the watchdog expire: systemd restarts the
/// daemon, and the mail in hand is then read alone (and quarantined if it stops us again).
public struct SystemdService: Service {
    let notifier: SystemdNotifier
    let progress: ProgressBeacon
    let stallLimit: TimeInterval

    public init(notifier: SystemdNotifier, progress: ProgressBeacon = ProgressBeacon(), stallLimit: TimeInterval = 600)
    {
        self.notifier = notifier
        self.progress = progress
        self.stallLimit = stallLimit
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            let interval = notifier.watchdogInterval ?? 3600
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                if notifier.watchdogInterval != nil, progress.secondsSinceLastBeat < stallLimit { notifier.watchdog() }
                await sleepUnlessShuttingDown(interval)
            }
        } onGracefulShutdown: { [notifier] in
            notifier.stopping()
        }
    }
}
