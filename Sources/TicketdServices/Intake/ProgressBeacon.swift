import Dispatch
import Foundation

/// When the poller last made progress (a mail fetched or read, a poll finished, a wait begun),
/// so the systemd watchdog is fed only while intake moves: a poller stuck on one mail stops the
/// pings and systemd restarts the daemon, which then reads the mail in hand alone.
public final class ProgressBeacon: @unchecked Sendable {
    private let lock = NSLock()
    private var last = DispatchTime.now().uptimeNanoseconds

    public init() {}

    /// Notes progress now.
    public func beat() {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.withLock { last = now }
    }

    /// Seconds since the last beat.
    public var secondsSinceLastBeat: Double {
        let now = DispatchTime.now().uptimeNanoseconds
        return Double(now &- lock.withLock { last }) / 1e9
    }
}
