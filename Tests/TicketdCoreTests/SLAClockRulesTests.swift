import Foundation
import Testing
import TicketdCore

@Suite struct SLAClockRulesTests {
    let rules = SLAClockRules(calendar: .alwaysOpen, warnAt: 0.8, escalationLevels: 2, escalateEverySeconds: nil)
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func minutes(_ value: Double) -> Date { start.addingTimeInterval(value * 60) }

    @Test func warningThenBreachWithEveryLevelOnceAcrossRepeatedSweeps() {
        var clock = rules.start(ticketID: 1, name: "first_response", targetMinutes: 15, at: start)
        #expect(clock.nextCheckAt == minutes(12))
        var sweep = rules.sweep(clock, at: minutes(11))
        #expect(!sweep.sendWarning && sweep.escalationLevels.isEmpty)
        sweep = rules.sweep(clock, at: minutes(12))
        #expect(sweep.sendWarning)
        clock = sweep.clock
        #expect(clock.nextCheckAt == minutes(15))
        #expect(!rules.sweep(clock, at: minutes(13)).sendWarning)
        sweep = rules.sweep(clock, at: minutes(15))
        #expect(sweep.clock.state == .breached)
        #expect(sweep.escalationLevels == 0..<2)
        clock = sweep.clock
        #expect(clock.nextCheckAt == nil)
        #expect(rules.sweep(clock, at: minutes(60)).escalationLevels.isEmpty)
    }

    @Test func spacedEscalationLevelsFireOneByOne() {
        let spaced = SLAClockRules(calendar: .alwaysOpen, warnAt: 0.8, escalationLevels: 3, escalateEverySeconds: 1800)
        var clock = spaced.start(ticketID: 1, name: "resolution", targetMinutes: 60, at: start)
        clock = spaced.sweep(clock, at: minutes(61)).clock  // level 1 at the breach (the warning is superseded)
        #expect(clock.escalationsSent == 1)
        #expect(clock.nextCheckAt == minutes(90))
        let later = spaced.sweep(clock, at: minutes(200))
        #expect(later.escalationLevels == 1..<3)
    }

    @Test func aPauseDoesNotCountAndAMetClockStops() {
        var clock = rules.start(ticketID: 1, name: "resolution", targetMinutes: 60, at: start)
        clock = rules.pause(clock, at: minutes(10))
        #expect(clock.state == .paused && clock.nextCheckAt == nil)
        clock = rules.resume(clock, at: minutes(100))
        #expect(clock.dueAt == minutes(150))
        clock = rules.meet(clock, at: minutes(120))
        #expect(clock.state == .met)
        #expect(rules.sweep(clock, at: minutes(1000)).escalationLevels.isEmpty)
    }

    @Test func retargetingCountsFromTheStart() {
        var clock = rules.start(ticketID: 1, name: "resolution", targetMinutes: 14 * 24 * 60, at: start)
        clock = rules.retarget(clock, minutes: 60, at: minutes(90))
        #expect(clock.dueAt == minutes(60))
        #expect(clock.state == .breached)
        #expect(clock.nextCheckAt == minutes(90))
    }
}
