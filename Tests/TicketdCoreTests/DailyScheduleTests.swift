import Foundation
import Testing
import TicketdCore

/// Once a day at a local time: not before, once after, late after downtime, per time zone.
@Suite struct DailyScheduleTests {
    static let schedule = DailySchedule(minuteOfDay: 7 * 60 + 30)
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test(arguments: [
        ("2026-11-30T12:29:00Z", nil as String?, nil as String?),  // 07:29 in New York
        ("2026-11-30T12:30:00Z", nil, "2026-11-30"),
        ("2026-11-30T12:30:00Z", "2026-11-30", nil),  // sent already
        ("2026-11-30T20:00:00Z", "2026-11-29", "2026-11-30"),  // late, after downtime
        ("2026-12-01T04:00:00Z", "2026-11-30", nil),  // 23:00 on the 30th in New York
    ])
    func due(_ now: String, _ lastSent: String?, _ expected: String?) {
        #expect(Self.schedule.due(at: Self.at(now), in: Self.newYork, lastSent: lastSent) == expected)
    }
}

/// The weekly report: the previous ISO week, once, late after downtime.
@Suite struct WeeklyScheduleTests {
    static let mondayEight = WeeklySchedule(weekday: 1, minuteOfDay: 8 * 60)
    static let utc = TimeZone(identifier: "UTC")!

    @Test func thePreviousWeekOnceAfterItsMoment() {
        // Monday 30 November 2026, 08:00 UTC: week 48 (23-30 Nov) is due.
        let due = Self.mondayEight.due(at: DailyScheduleTests.at("2026-11-30T08:00:00Z"), in: Self.utc, lastSent: nil)
        #expect(due?.week == "2026-W48")
        #expect(due?.from == DailyScheduleTests.at("2026-11-23T00:00:00Z"))
        #expect(due?.to == DailyScheduleTests.at("2026-11-30T00:00:00Z"))
        #expect(
            Self.mondayEight.due(at: DailyScheduleTests.at("2026-12-02T08:00:00Z"), in: Self.utc, lastSent: "2026-W48")
                == nil)
        // Before Monday 08:00 the latest due period is week 47, sent late if it was missed.
        let early = Self.mondayEight.due(at: DailyScheduleTests.at("2026-11-30T07:59:00Z"), in: Self.utc, lastSent: nil)
        #expect(early?.week == "2026-W47")
        #expect(
            Self.mondayEight.due(at: DailyScheduleTests.at("2026-11-30T07:59:00Z"), in: Self.utc, lastSent: "2026-W47")
                == nil)
    }
}
