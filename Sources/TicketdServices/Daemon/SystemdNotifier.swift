import CSystemdNotify
import Foundation

/// Tells systemd how the daemon is doing (`Type=notify`): `READY=1`, `STATUS=…`, `RELOADING=1`,
/// `STOPPING=1`, `WATCHDOG=1`, as datagrams to `$NOTIFY_SOCKET` — no libsystemd needed. Does
/// nothing when the variable is unset (started by hand).
public struct SystemdNotifier: Sendable {
    public let socket: String?
    /// How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC`, or nil without a watchdog.
    public let watchdogInterval: TimeInterval?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socket = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        watchdogInterval = environment["WATCHDOG_USEC"].flatMap(Double.init).map { $0 / 2_000_000 }
    }

    public var isActive: Bool { socket != nil }

    /// Sends `state` (lines of `KEY=value`); returns false when it could not be delivered.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        guard let socket else { return false }
        return ticketd_notify_send(socket, state) == 0
    }

    public func ready(status: String) { notify("READY=1\nSTATUS=\(Self.oneLine(status))") }
    public func status(_ text: String) { notify("STATUS=\(Self.oneLine(text))") }
    public func reloading() { notify("RELOADING=1") }
    public func stopping() { notify("STOPPING=1") }
    public func watchdog() { notify("WATCHDOG=1") }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 }.prefix(200))
    }
}
