import Foundation
import Logging
import ServiceLifecycle
import TicketdMail

/// Waits in IMAP IDLE on a connection of its own and wakes the poller the moment the server
/// reports new mail (`mailbox.idle`, default on). IDLE is renewed every `renewal` seconds (the
/// server may drop it after 30 minutes, RFC 2177); a dropped connection is reopened with the
/// poller's backoff; a server without IDLE leaves the poller on `poll_interval`, as it is anyway.
public struct IdleService: Service {
    let holder: RuntimeHolder
    let wake: Wake
    let logger: Logger
    let executor = BlockingExecutor(label: "ticketd.idle")
    let backoff = Backoff(base: 1, cap: 300)
    var renewal: TimeInterval = 20 * 60

    public init(holder: RuntimeHolder, wake: Wake, logger: Logger) {
        self.holder = holder
        self.wake = wake
        self.logger = logger
    }

    public func run() async throws {
        var failures = 0
        var failureLog = FailureLog(what: "IMAP IDLE")
        var announcedFallback = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let (runtime, generation) = holder.current
            guard runtime.configuration.mailbox.idle else {
                await sleepUnlessShuttingDown(5)  // look again after a reload
                continue
            }
            do {
                let supported = try await executor.runStoppable { [holder, wake, renewal] stop in
                    let idler = try IMAPIdler(endpoint: runtime.imapEndpoint())
                    guard idler.supportsIdle else { return false }
                    // Mail may have come while we connected: one poll to be sure, then wait.
                    wake.signal()
                    while !stop.isSet, holder.current.generation == generation {
                        let reason = try idler.waitForMail(
                            maxWait: renewal, shouldStop: { stop.isSet || holder.current.generation != generation })
                        if reason == .newMail { wake.signal() }
                    }
                    return true
                }
                failures = 0
                failureLog.succeeded(logger: logger)
                if !supported {
                    if !announcedFallback {
                        logger.notice("the IMAP server offers no IDLE: polling every poll_interval")
                        announcedFallback = true
                    }
                    await sleepUnlessShuttingDown(3600)
                }
            } catch {
                failures += 1
                let delay = backoff.delay(afterFailures: failures)
                failureLog.failed("\(error)", logger: logger, retryIn: delay)
                await sleepUnlessShuttingDown(delay)
            }
        }
    }
}
