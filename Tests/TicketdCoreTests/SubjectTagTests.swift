import Testing
import TicketdCore

@Suite struct SubjectTagTests {
    let tag = SubjectTag("Help Desk")

    @Test(arguments: [
        ("Re: [Help Desk #110] printer", Int64(110)),
        ("AW: [help desk #7] Drucker", 7),
        ("[Help Desk #12]", 12),
        ("[Help Desk #] nothing", nil),
        ("[Help Desk #12 x] broken", nil),
        ("[Other #5] [Help Desk #6]", 6),
        ("no tag at all", nil),
        ("[Help Desk #99999999999999999999] overflow", nil),
    ])
    func ticketNumbersAreFoundInSubjects(subject: String, expected: Int64?) {
        #expect(tag.ticketID(in: subject) == expected)
    }

    @Test func taggingIsIdempotentAndStrippingRemovesEveryTag() {
        let once = tag.tagged("printer", id: 3)
        #expect(once == "[Help Desk #3] printer")
        #expect(tag.tagged(once, id: 3) == once)
        #expect(tag.stripped("Re: [Help Desk #3] printer [Help Desk #4]") == "Re: printer")
    }

    @Test(arguments: [("90s", 90), ("15m", 900), ("2h", 7200), ("3d", 259_200), ("1w", 604_800)])
    func durationsParse(text: String, seconds: Int) {
        #expect(TimeSpan(text)?.seconds == seconds)
        #expect(TimeSpan(TimeSpan(seconds: seconds).description)?.seconds == seconds)
    }

    @Test(arguments: ["15x", "-3m", "m", "", "1.5h", "3 d"])
    func badDurationsAreRejected(text: String) {
        #expect(TimeSpan(text) == nil)
    }

    @Test func vipRaiseStopsAtCritical() {
        #expect(Priority.low.raised == .medium)
        #expect(Priority.critical.raised == .critical)
    }
}
