import Foundation
import Synchronization

/// Business time: the open hours of a calendar (weekly intervals in an IANA time zone, minus
/// holidays), and arithmetic on them. Business time is real elapsed time inside open hours, so
/// DST changes count as they happen (a spring-forward night shift is an hour shorter, an autumn
/// repeated hour counts twice).
///
/// The open intervals are precomputed in UTC a range of years at a time, with running totals, so
/// `adding` and `businessSeconds` are two binary searches — no `Calendar` calls per query.
public final class BusinessCalendar: Sendable {
    /// One weekly opening: on ISO weekday `weekday` (1 = Monday), from `start` to `end` minutes
    /// after local midnight; `end <= start` is an overnight shift ending the next day.
    public struct Opening: Sendable, Hashable {
        public var weekday: Int
        public var start: Int
        public var end: Int

        public init(weekday: Int, start: Int, end: Int) {
            self.weekday = weekday
            self.start = start
            self.end = end
        }
    }

    public let name: String
    public let timeZone: TimeZone
    public let openings: [Opening]
    /// Local dates (`yyyy-MM-dd`) with no openings starting on them.
    public let holidays: Set<String>
    /// Open around the clock: arithmetic is plain addition.
    public let isAlwaysOpen: Bool

    private let table: Mutex<IntervalTable>

    /// The built-in `24x7` calendar.
    public static let alwaysOpen = BusinessCalendar(name: "24x7")

    private init(name: String) {
        self.name = name
        timeZone = TimeZone(identifier: "UTC")!
        openings = []
        holidays = []
        isAlwaysOpen = true
        table = Mutex(IntervalTable())
    }

    public init(name: String, timeZone: TimeZone, openings: [Opening], holidays: Set<String>) {
        self.name = name
        self.timeZone = timeZone
        self.openings = openings
        self.holidays = holidays
        isAlwaysOpen = false
        table = Mutex(IntervalTable())
    }

    /// The instant `seconds` of business time after `start` (a start outside open hours begins
    /// counting at the next opening).
    public func adding(seconds: Double, to start: Date) -> Date {
        if isAlwaysOpen { return start.addingTimeInterval(seconds) }
        guard seconds > 0 else { return start }
        let origin = start.timeIntervalSince1970
        return table.withLock { table in
            table.cover(origin, origin + seconds * 8 + 86_400 * 14, calendar: self)
            while true {
                if let result = table.adding(seconds, to: origin) { return Date(timeIntervalSince1970: result) }
                if table.starts.isEmpty || table.lastYear - table.firstYear > 200 {
                    // A calendar without openings never reaches a target.
                    return Date.distantFuture
                }
                table.extend(years: 2, calendar: self)
            }
        }
    }

    /// Business seconds between two instants (0 when `end` is before `start`).
    public func businessSeconds(from start: Date, to end: Date) -> Double {
        guard end > start else { return 0 }
        if isAlwaysOpen { return end.timeIntervalSince(start) }
        return table.withLock { table in
            table.cover(start.timeIntervalSince1970, end.timeIntervalSince1970, calendar: self)
            return table.offset(of: end.timeIntervalSince1970) - table.offset(of: start.timeIntervalSince1970)
        }
    }

    /// True when `date` lies inside open hours.
    public func isOpen(at date: Date) -> Bool {
        if isAlwaysOpen { return true }
        return table.withLock { table in
            table.cover(date.timeIntervalSince1970, date.timeIntervalSince1970, calendar: self)
            return table.isOpen(date.timeIntervalSince1970)
        }
    }

    /// The open intervals (UTC) of the local dates in `years`, in order, merged where they touch.
    func intervals(years: ClosedRange<Int>) -> [(start: Double, end: Double)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var result: [(start: Double, end: Double)] = []
        let byWeekday = Dictionary(grouping: openings, by: \.weekday)
        guard var day = calendar.date(from: DateComponents(year: years.lowerBound, month: 1, day: 1)),
            let stop = calendar.date(from: DateComponents(year: years.upperBound + 1, month: 1, day: 1))
        else { return [] }
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        while day < stop {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            let isoWeekday = ((parts.weekday ?? 1) + 5) % 7 + 1
            if !holidays.contains(formatter.string(from: day)) {
                for opening in byWeekday[isoWeekday] ?? [] {
                    let endMinutes = opening.end <= opening.start ? opening.end + 1440 : opening.end
                    guard let from = Self.localTime(parts, minutes: opening.start, calendar: calendar),
                        let to = Self.localTime(parts, minutes: endMinutes, calendar: calendar), to > from
                    else { continue }
                    result.append((from, to))
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        result.sort { $0.start < $1.start }
        var merged: [(start: Double, end: Double)] = []
        for interval in result {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// Seconds since 1970 of a local wall time `minutes` after midnight of the date in `parts`
    /// (minutes may pass 1440 for the next day). A wall time skipped by a DST jump maps to the
    /// instant the jump lands on.
    private static func localTime(_ parts: DateComponents, minutes: Int, calendar: Calendar) -> Double? {
        var components = DateComponents(year: parts.year, month: parts.month, day: parts.day)
        components.day = (parts.day ?? 1) + minutes / 1440
        components.hour = (minutes % 1440) / 60
        components.minute = minutes % 60
        return calendar.date(from: components)?.timeIntervalSince1970
    }
}

/// Open intervals in UTC seconds with running business totals, over whole local years.
struct IntervalTable: Sendable {
    var starts: [Double] = []
    var ends: [Double] = []
    /// Business seconds before interval i.
    var before: [Double] = []
    var firstYear = 0
    var lastYear = -1
    var coveredFrom = Double.infinity
    var coveredTo = -Double.infinity

    /// Makes sure the table covers `[from, to]` (with a year of margin on each side).
    mutating func cover(_ from: Double, _ to: Double, calendar: BusinessCalendar) {
        guard from < coveredFrom || to > coveredTo else { return }
        let year = { (t: Double) -> Int in
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            return utc.component(.year, from: Date(timeIntervalSince1970: t))
        }
        let low = min(year(from) - 1, lastYear >= firstYear ? firstYear : Int.max)
        let high = max(year(min(to, 253_402_300_799)) + 1, lastYear)
        rebuild(years: low...high, calendar: calendar)
    }

    mutating func extend(years: Int, calendar: BusinessCalendar) {
        rebuild(years: firstYear...(lastYear + years), calendar: calendar)
    }

    private mutating func rebuild(years: ClosedRange<Int>, calendar: BusinessCalendar) {
        let intervals = calendar.intervals(years: years)
        starts = intervals.map(\.start)
        ends = intervals.map(\.end)
        before = []
        before.reserveCapacity(intervals.count)
        var total = 0.0
        for interval in intervals {
            before.append(total)
            total += interval.end - interval.start
        }
        firstYear = years.lowerBound
        lastYear = years.upperBound
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        // Local years may begin up to 14 hours off UTC: trust only the inner part.
        coveredFrom =
            (utc.date(from: DateComponents(year: years.lowerBound, month: 1, day: 2))?.timeIntervalSince1970 ?? 0)
        coveredTo =
            (utc.date(from: DateComponents(year: years.upperBound, month: 12, day: 30))?.timeIntervalSince1970 ?? 0)
    }

    /// Index of the first interval whose end is after `t`.
    private func firstEnding(after t: Double) -> Int {
        var low = 0
        var high = ends.count
        while low < high {
            let mid = (low + high) / 2
            if ends[mid] <= t { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Business seconds from the table's start to `t`.
    func offset(of t: Double) -> Double {
        let index = firstEnding(after: t)
        guard index < starts.count else { return (before.last ?? 0) + ((ends.last ?? 0) - (starts.last ?? 0)) }
        return before[index] + max(0, t - starts[index])
    }

    func isOpen(_ t: Double) -> Bool {
        let index = firstEnding(after: t)
        return index < starts.count && starts[index] <= t
    }

    /// `t` plus `seconds` (> 0) of business time, or nil when the result lies past the table.
    /// The earliest instant wins: a target used up exactly at a closing time is due then, not at
    /// the next opening.
    func adding(_ seconds: Double, to t: Double) -> Double? {
        let target = offset(of: t) + seconds
        // The first interval whose running total at its end reaches the target.
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if before[mid] + (ends[mid] - starts[mid]) < target { low = mid + 1 } else { high = mid }
        }
        guard low < starts.count else { return nil }
        return starts[low] + (target - before[low])
    }
}
