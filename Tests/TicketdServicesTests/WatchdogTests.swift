import Foundation
import Testing
import TicketdServices
import TicketdTestSupport

/// The systemd watchdog is fed only while the poller makes progress: a poller stuck on one mail
/// lets it expire, so systemd restarts the daemon and the mail in hand is read alone.
@Suite struct WatchdogTests {
    @Test func pingsStopWhenProgressStopsAndResumeWithIt() async throws {
        let directory = try TemporaryDirectory(prefix: "watchdog")
        defer { directory.remove() }
        let listener = try NotifySocketListener(in: directory)
        defer { listener.stop() }
        func pings() -> Int { listener.messages.components(separatedBy: "WATCHDOG=1").count - 1 }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.socket, "WATCHDOG_USEC": "100000"])
        let progress = ProgressBeacon()
        let stallLimit = 1.5
        let service = SystemdService(notifier: notifier, progress: progress, stallLimit: stallLimit)
        let task = Task { try await service.run() }
        defer { task.cancel() }
        /// Waits up to 30 s for `condition`, beating the progress beacon while `beating`.
        func waitFor(beating: Bool, _ condition: () -> Bool) async throws -> Bool {
            for _ in 0..<600 {
                if beating { progress.beat() }
                if condition() { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return false
        }
        #expect(try await waitFor(beating: true) { pings() > 0 }, "fed while the poller makes progress")
        // No more beats: once the last one is older than the stall limit, the pings stop.
        try await Task.sleep(for: .seconds(stallLimit + 1))
        let stalled = pings()
        try await Task.sleep(for: .seconds(1))
        #expect(pings() == stalled, "no ping once the poller has made no progress for the stall limit")
        #expect(try await waitFor(beating: true) { pings() > stalled }, "fed again once progress resumes")
    }
}
