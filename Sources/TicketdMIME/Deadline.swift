import Dispatch

/// A point in monotonic time after which reading a mail gives up (`intake.max_parse_time`).
///
/// Everything that reads mail is linear in its size; the deadline is the second line of defence:
/// the loops check it every few thousand steps, so a shape nobody foresaw costs at most this long
/// and the mail is quarantined with the reason instead of stalling intake.
public struct Deadline: Sendable {
    /// The monotonic instant, in nanoseconds since boot.
    public let uptimeNanoseconds: UInt64
    /// How long was allowed, for the message.
    public let allowed: Double

    /// A deadline `seconds` from now.
    public init(secondsFromNow seconds: Double) {
        allowed = seconds
        let nanos = UInt64(max(0, min(seconds, 1e9)) * 1e9)
        uptimeNanoseconds = DispatchTime.now().uptimeNanoseconds &+ nanos
    }

    public var hasPassed: Bool { DispatchTime.now().uptimeNanoseconds > uptimeNanoseconds }

    /// Throws a `.timeout` error when the deadline has passed.
    public func check(_ activity: String) throws(MIMEError) {
        if hasPassed {
            throw MIMEError(.timeout, "reading the mail took longer than \(allowed) s (while \(activity))")
        }
    }
}
