import Foundation

/// A weekly mail about the previous ISO week (`reports.weekly`): due at a weekday and local
/// time; the week reported is recorded with the mail, so it goes once per period across restarts,
/// and a period missed while stopped goes late, once.
public struct WeeklySchedule: Sendable, Equatable {
    /// 1 = Monday … 7 = Sunday.
    public let weekday: Int
    public let minuteOfDay: Int

    public init(weekday: Int, minuteOfDay: Int) {
        self.weekday = weekday
        self.minuteOfDay = minuteOfDay
    }

    /// A period to report: its ISO week key and `[from, to)`.
    public struct Period: Sendable, Equatable {
        public let week: String
        public let from: Date
        public let to: Date
    }

    /// The period due at `now` in `timeZone` (the week before the latest due moment), or nil
    /// when it was sent already (`lastSent` is its key).
    public func due(at now: Date, in timeZone: TimeZone, lastSent: String?) -> Period? {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        guard let thisMonday = calendar.dateInterval(of: .weekOfYear, for: now)?.start,
            let dueThisWeek = calendar.date(
                byAdding: .minute, value: (weekday - 1) * 1440 + minuteOfDay, to: thisMonday),
            let lastMonday = calendar.date(byAdding: .day, value: -7, to: thisMonday),
            let mondayBefore = calendar.date(byAdding: .day, value: -14, to: thisMonday)
        else { return nil }
        let (from, to) = now >= dueThisWeek ? (lastMonday, thisMonday) : (mondayBefore, lastMonday)
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: from)
        let week = String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
        return lastSent == week ? nil : Period(week: week, from: from, to: to)
    }
}
