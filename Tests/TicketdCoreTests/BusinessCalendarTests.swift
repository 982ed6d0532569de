import Foundation
import PropertyBased
import Testing
import TicketdCore

@Suite struct BusinessCalendarTests {
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func officeHours(holidays: Set<String> = []) -> BusinessCalendar {
        BusinessCalendar(
            name: "office", timeZone: newYork,
            openings: (1...5).map { BusinessCalendar.Opening(weekday: $0, start: 8 * 60, end: 17 * 60) },
            holidays: holidays)
    }

    static let nightShift = BusinessCalendar(
        name: "night", timeZone: newYork,
        openings: (1...7).map { BusinessCalendar.Opening(weekday: $0, start: 22 * 60, end: 6 * 60) }, holidays: [])

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    @Test(arguments: [
        // Friday 16:55 + 1 business hour on 08:00-17:00 lands Monday 08:55.
        ("2026-11-20T16:55:00-05:00", 60, "2026-11-23T08:55:00-05:00", Set<String>()),
        // … and Tuesday when that Monday is a holiday.
        ("2026-11-20T16:55:00-05:00", 60, "2026-11-24T08:55:00-05:00", Set(["2026-11-23"])),
        // Mail after hours starts counting at the next opening.
        ("2026-11-23T20:00:00-05:00", 30, "2026-11-24T08:30:00-05:00", Set<String>()),
        // A target used up exactly at closing time is due then.
        ("2026-11-23T16:00:00-05:00", 60, "2026-11-23T17:00:00-05:00", Set<String>()),
        // Christmas on a Friday: Thursday 16:00 + 2h runs into Monday.
        ("2026-12-24T16:00:00-05:00", 120, "2026-12-28T09:00:00-05:00", Set(["2026-12-25"])),
        // Across the year end.
        ("2026-12-31T16:30:00-05:00", 60, "2027-01-01T08:30:00-05:00", Set<String>()),
        // Spring forward (2027-03-14 is a Sunday): Friday 16:00 + 2h is Monday 09:00 EDT.
        ("2027-03-12T16:00:00-05:00", 120, "2027-03-15T09:00:00-04:00", Set<String>()),
    ])
    func officeHoursAddition(start: String, minutes: Int, expected: String, holidays: Set<String>) {
        let calendar = Self.officeHours(holidays: holidays)
        #expect(calendar.adding(seconds: Double(minutes * 60), to: Self.date(start)) == Self.date(expected))
    }

    @Test func aNightShiftCountsRealHoursAcrossTheSpringJump() {
        // Opened 23:00 EST on 2027-03-13; clocks jump 02:00 → 03:00; 4 real hours → 04:00 EDT.
        let due = Self.nightShift.adding(seconds: 4 * 3600, to: Self.date("2027-03-13T23:00:00-05:00"))
        #expect(due == Self.date("2027-03-14T04:00:00-04:00"))
        // The shortened night holds 7 real hours, the autumn one 9: the repeated hour counts twice.
        #expect(
            Self.nightShift.businessSeconds(
                from: Self.date("2027-03-13T22:00:00-05:00"), to: Self.date("2027-03-14T06:00:00-04:00")) == 7 * 3600)
        #expect(
            Self.nightShift.businessSeconds(
                from: Self.date("2027-11-06T22:00:00-04:00"), to: Self.date("2027-11-07T06:00:00-05:00")) == 9 * 3600)
    }

    @Test func berlinTimeAndTheAlwaysOpenCalendar() {
        let berlin = BusinessCalendar(
            name: "berlin", timeZone: TimeZone(identifier: "Europe/Berlin")!,
            openings: (1...5).map { BusinessCalendar.Opening(weekday: $0, start: 8 * 60, end: 16 * 60) }, holidays: [])
        // Friday 2027-03-26 15:00 CET + 2h: the weekend's jump to CEST does not matter to office hours.
        #expect(
            berlin.adding(seconds: 7200, to: Self.date("2027-03-26T15:00:00+01:00"))
                == Self.date("2027-03-29T09:00:00+02:00"))
        let start = Self.date("2027-03-14T01:00:00-05:00")
        #expect(BusinessCalendar.alwaysOpen.adding(seconds: 3600, to: start) == start.addingTimeInterval(3600))
    }

    /// Foundation's TimeZone reads Debian's tzdata: New York's 2027 transitions as `zdump -v` prints them.
    @Test func tzdataTransitionsFor2027() {
        let zone = Self.newYork
        let spring = zone.nextDaylightSavingTimeTransition(after: Self.date("2027-01-01T00:00:00Z"))
        let autumn = spring.flatMap { zone.nextDaylightSavingTimeTransition(after: $0) }
        #expect(spring == Self.date("2027-03-14T07:00:00Z"))
        #expect(autumn == Self.date("2027-11-07T06:00:00Z"))
    }

    static let calendars = [
        officeHours(), nightShift, officeHours(holidays: ["2027-03-15", "2027-07-05", "2027-12-24"]),
    ]

    @Test func betweenUndoesAdding() async {
        await propertyCheck(
            input: Gen.int(in: 0..<3), Gen.int(in: 0...(3 * 365 * 86_400)), Gen.int(in: 0...(200 * 3600))
        ) { which, offset, seconds in
            let calendar = Self.calendars[which]
            let start = Self.date("2026-06-01T00:00:00Z").addingTimeInterval(Double(offset))
            let due = calendar.adding(seconds: Double(seconds), to: start)
            #expect(calendar.businessSeconds(from: start, to: due) == Double(seconds))
            #expect(due >= start)
            if seconds > 0 { #expect(calendar.isOpen(at: due.addingTimeInterval(-0.5))) }
        }
    }

    @Test func addingIsMonotonic() async {
        await propertyCheck(
            input: Gen.int(in: 0..<3), Gen.int(in: 0...(2 * 365 * 86_400)), Gen.int(in: 0...(100 * 3600)),
            Gen.int(in: 0...(100 * 3600))
        ) { which, offset, first, second in
            let calendar = Self.calendars[which]
            let start = Self.date("2027-01-01T00:00:00Z").addingTimeInterval(Double(offset))
            let (small, large) = (min(first, second), max(first, second))
            #expect(
                calendar.adding(seconds: Double(small), to: start) <= calendar.adding(seconds: Double(large), to: start)
            )
            #expect(
                calendar.adding(seconds: Double(small), to: start)
                    <= calendar.adding(seconds: Double(small), to: start.addingTimeInterval(Double(large - small))))
        }
    }
}
