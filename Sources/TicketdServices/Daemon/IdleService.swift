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
    let connection = IdleConnection()
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
                let woke = try await executor.runStoppable { [connection, holder, renewal] stop in
                    try connection.waitOnce(runtime: runtime, generation: generation, renewal: renewal) {
                        stop.isSet || holder.current.generation != generation
                    }
                }
                failures = 0
                failureLog.succeeded(logger: logger)
                switch woke {
                case .newMail?: wake.signal()
                case .renewal?, .stopped?: break
                case nil:
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

/// The IDLE connection kept between waits (dropped after an error or a reload); used only on
/// the IDLE service's executor.
final class IdleConnection: @unchecked Sendable {
    private var idler: IMAPIdler?
    private var generation = -1

    /// One wait: `.newMail` right after (re)connecting, since mail may have come meanwhile; nil
    /// when the server has no IDLE.
    func waitOnce(
        runtime: TicketdRuntime, generation: Int, renewal: TimeInterval, shouldStop: () -> Bool
    ) throws -> IMAPIdler.Wake? {
        if generation != self.generation {
            idler = nil
            self.generation = generation
        }
        do {
            guard let idler else {
                let fresh = try IMAPIdler(endpoint: runtime.imapEndpoint())
                guard fresh.supportsIdle else { return nil }
                idler = fresh
                return .newMail
            }
            return try idler.waitForMail(maxWait: renewal, shouldStop: shouldStop)
        } catch {
            idler = nil
            throw error
        }
    }
}
