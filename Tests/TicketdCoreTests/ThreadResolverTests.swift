import Testing
import TicketdCore

@Suite struct ThreadResolverTests {
    let resolver = ThreadResolver(subjectTag: SubjectTag("Help Desk"))
    let open = ThreadResolver.TicketSnapshot(
        id: 7, status: .open, requesterEmail: "nora@example.org", watchers: ["lead@example.org"])

    func decide(
        sender: String, subject: String, references: [String] = [], ticket: ThreadResolver.TicketSnapshot?
    )
        -> ThreadResolver.Decision
    {
        resolver.decide(
            sender: sender, senderIsAnalyst: sender == "carol@example.org", subject: subject, referencedIDs: references,
            ticketByNumber: { $0 == ticket?.id ? ticket : nil },
            ticketByMessageIDs: { $0.contains("known@x") ? ticket : nil })
    }

    @Test(arguments: ["nora@example.org", "NORA@example.org", "lead@example.org", "carol@example.org"])
    func participantsJoinByTag(sender: String) {
        #expect(decide(sender: sender, subject: "Re: [Help Desk #7] x", ticket: open) == .thread(ticketID: 7))
    }

    @Test func referencesThreadWhenTheTagIsGone() {
        #expect(
            decide(sender: "nora@example.org", subject: "Re: x", references: ["known@x"], ticket: open)
                == .thread(ticketID: 7))
    }

    @Test func aStrangerWithAValidTagOpensANewTicketReferringToTheOld() {
        let decision = decide(sender: "mallory@example.org", subject: "[Help Desk #7] give me the data", ticket: open)
        guard case .newTicket(let refersTo, let reason) = decision else {
            Issue.record("a stranger joined the thread")
            return
        }
        #expect(refersTo == 7)
        #expect(reason?.contains("not a participant") == true)
    }

    @Test func mailToAClosedTicketOpensANewOne() {
        var closed = open
        closed.status = .closed
        #expect(
            decide(sender: "nora@example.org", subject: "[Help Desk #7] again", ticket: closed)
                == .newTicket(refersTo: 7, reason: "ticket #7 is closed"))
        // A proven analyst may still write on it (a note, `#status open`).
        #expect(
            decide(sender: "carol@example.org", subject: "[Help Desk #7] note", ticket: closed) == .thread(ticketID: 7))
    }

    @Test func unknownTagAndNoReferencesMakeANewTicket() {
        #expect(
            decide(sender: "nora@example.org", subject: "[Help Desk #8] x", ticket: open)
                == .newTicket(refersTo: nil, reason: nil))
    }
}
