import Foundation

/// Something sent once a day at a local time (the analysts' digest): due when the local clock has
/// passed the time and today's has not gone yet, so a day missed while the daemon was down is
/// sent late, once, and never twice.
public struct DailySchedule: Sendable, Equatable {
    /// Minutes after local midnight.
    public let minuteOfDay: Int

    public init(minuteOfDay: Int) {
        self.minuteOfDay = minuteOfDay
    }

    /// The local day (`YYYY-MM-DD`) that is due at `now` in `timeZone`, or nil when it is not
    /// yet time or `lastSent` is that day already.
    public func due(at now: Date, in timeZone: TimeZone, lastSent: String?) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: now)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        guard minute >= minuteOfDay else { return nil }
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return lastSent == day ? nil : day
    }
}
