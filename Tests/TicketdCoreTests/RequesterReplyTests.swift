import Testing
import TicketdCore

/// Ratings and "solved": only the first word counts, only in the right status.
@Suite struct RequesterReplyTests {
    @Test(arguments: [
        ("5", TicketStatus.resolved, RequesterReply.rating(5, comment: "")),
        ("4 - quick and friendly", .resolved, .rating(4, comment: "- quick and friendly")),
        ("  3\nIt took a while.", .resolved, .rating(3, comment: "It took a while.")),
        ("5!", .resolved, .rating(5, comment: "")),
        ("4/5 fine", .resolved, .rating(4, comment: "fine")),
        ("1) the printer", .resolved, .reply),
        ("6", .resolved, .reply),
        ("10 out of 10", .resolved, .reply),
        ("4.5", .resolved, .reply),
        ("5", .open, .reply),
        ("Solved, thanks!", .open, .solved),
        ("solved", .new, .solved),
        ("It is not solved", .open, .reply),
        ("Solved", .resolved, .reply),
    ])
    func reads(_ text: String, _ status: TicketStatus, _ expected: RequesterReply) {
        #expect(RequesterReply.read(text, ticketStatus: status) == expected)
    }
}
