import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdTestSupport

/// The seed documents' day in the life, end to end through a real Dovecot and a real SMTP
/// server, with `Authentication-Results` as the trusted server adds them: Carol opens a ticket
/// for Keisha (who called), raises it and assigns Marsha, who passes it to Cindy with a note;
/// Cindy's reply reaches Keisha without quoted history, her note does not; Keisha's answer
/// reaches Cindy; a forged mail in Carol's name and a malformed command change nothing; a
/// duplicate ticket is merged; `#resolve` tells Keisha; her out-of-office reaches nobody; the
/// ticket closes by itself a week later.
@Suite(.serialized) struct DayInTheLifeTests {
    static let analysts = """
          - { name: carol, email: carol@example.org, tier: 1 }
          - { name: marsha, email: marsha@example.org, tier: 2 }
          - { name: cindy, email: cindy@example.org, tier: 3 }
        """
    static let extraYAML = """
        categories: [Break/Fix, Maintenance]
        sla:
          high: { first_response: 30m, resolution: 4h }
          medium: { first_response: 1d, resolution: 5d }
        """

    static func analystMail(
        _ name: String, id: String, subject: String, body: String, authserv: String? = MailFlowHarness.authservID,
        inReplyTo: String? = nil
    ) -> String {
        var lines: [String] = []
        if let authserv { lines.append("Authentication-Results: \(authserv); dkim=pass header.d=example.org") }
        lines += [
            "From: \(name.prefix(1).uppercased() + name.dropFirst()) <\(name)@example.org>",
            "To: Help Desk <support@example.org>", "Subject: \(subject)", "Message-ID: <\(id)@example.org>",
        ]
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        return lines.joined(separator: "\n") + "\n\n" + body + "\n"
    }

    /// Mail the SMTP server received for `address` since `count` mails in all.
    static func newMail(_ harness: MailFlowHarness, to address: String, after count: Int) throws -> [ParsedMessage] {
        try harness.smtp.received().dropFirst(count).filter { $0.recipients.contains(address) }.map {
            try MIMEParser().parse($0.raw)
        }
    }

    @Test func theDayInTheLife() throws {
        let harness = try MailFlowHarness(extraYAML: Self.extraYAML, analysts: Self.analysts)
        defer { harness.stop() }
        let keisha = "keisha@clinic.example"

        // Carol opens the ticket for Keisha, who called.
        try harness.deliver(
            Self.analystMail(
                "carol", id: "carol-1", subject: "Payroll will not open",
                body:
                    "#for keisha@clinic.example\n#priority high\n#assign marsha\nKeisha called: payroll fails on ward 3."
            ))
        try harness.poll()
        var ticket = try #require(try harness.ticket(1))
        #expect(ticket.requester.email == keisha)
        #expect(ticket.priority == .high && ticket.assignee == "marsha" && ticket.status == .open)
        #expect(ticket.watchers == ["carol@example.org"])
        let ack = try #require(try Self.newMail(harness, to: keisha, after: 0).first)
        #expect(ack.subject.contains("[Help Desk #1]"))

        // Marsha passes it to Cindy with a note: Keisha hears nothing, Cindy gets the note.
        var mark = harness.smtp.received().count
        try harness.deliver(
            Self.analystMail(
                "marsha", id: "marsha-1", subject: "Re: [Help Desk #1] Payroll will not open",
                body: "#assign cindy\n#note the payroll database looks locked"))
        try harness.poll()
        #expect(try harness.ticket(1)?.assignee == "cindy")
        #expect(try Self.newMail(harness, to: keisha, after: mark).isEmpty)
        let toCindyNow = try Self.newMail(harness, to: "cindy@example.org", after: mark)
        #expect(toCindyNow.contains { $0.subject.contains("Assigned to you (high)") })
        #expect(toCindyNow.contains { $0.textBody.contains("looks locked") })

        // Cindy's public reply reaches Keisha, tagged, without her quoted history.
        mark = harness.smtp.received().count
        try harness.deliver(
            Self.analystMail(
                "cindy", id: "cindy-1", subject: "Re: [Help Desk #1] Payroll will not open",
                body: """
                    Hello Keisha,

                    please restart the payroll client now and tell me whether it opens.

                    Cindy

                    On Mon, Nov 30, 2026 at 10:02 AM Marsha <marsha@example.org> wrote:
                    > the payroll database looks locked
                    """))
        try harness.poll()
        let reply = try #require(try Self.newMail(harness, to: keisha, after: mark).first)
        #expect(reply.from?.name == "Cindy via Help Desk" && reply.from?.email == "support@example.org")
        #expect(reply.subject.contains("[Help Desk #1]"))
        #expect(reply.textBody.contains("please restart the payroll client"))
        #expect(!reply.textBody.contains("looks locked") && !reply.textBody.contains("wrote:"))
        #expect(reply.headers["Auto-Submitted"] == nil)
        #expect(try harness.ticket(1)?.sla?.first { $0.name == "first_response" }?.state == .met)

        // Her internal note never reaches Keisha.
        mark = harness.smtp.received().count
        try harness.deliver(
            Self.analystMail(
                "cindy", id: "cindy-2", subject: "Re: [Help Desk #1] Payroll will not open",
                body: "#note rebuilding the index on the payroll database"))
        try harness.poll()
        #expect(try Self.newMail(harness, to: keisha, after: mark).isEmpty)

        // Keisha's answer reaches Cindy.
        mark = harness.smtp.received().count
        try harness.deliver(
            """
            From: Keisha Smith <keisha@clinic.example>
            To: support@example.org
            Subject: Re: [Help Desk #1] Payroll will not open
            Message-ID: <keisha-2@clinic.example>

            It opens now, thank you!

            > please restart the payroll client now
            """)
        try harness.poll()
        let toCindy = try #require(try Self.newMail(harness, to: "cindy@example.org", after: mark).first)
        #expect(toCindy.textBody.contains("It opens now") && toCindy.subject.contains("[Help Desk #1]"))

        // A mail in Carol's name without the trusted server's proof changes nothing.
        try harness.deliver(
            Self.analystMail(
                "carol", id: "forged-1", subject: "Re: [Help Desk #1] Payroll will not open",
                body: "#priority low\n#resolve", authserv: "evil.example"))
        try harness.poll()
        ticket = try #require(try harness.ticket(1))
        #expect(ticket.priority == .high && ticket.status == .open)
        #expect(ticket.events?.contains { $0.kind == .analystUnproven } == true)

        // A malformed command: its author hears which line, nothing is applied or relayed.
        mark = harness.smtp.received().count
        try harness.deliver(
            Self.analystMail(
                "cindy", id: "cindy-3", subject: "Re: [Help Desk #1] Payroll will not open",
                body: "#priority urgent\nAll done."))
        try harness.poll()
        let error = try #require(try Self.newMail(harness, to: "cindy@example.org", after: mark).first)
        #expect(error.textBody.contains("#priority urgent") && error.textBody.contains("line 1"))
        #expect(try Self.newMail(harness, to: keisha, after: mark).isEmpty)
        #expect(try harness.ticket(1)?.priority == .high)

        // Keisha opens a duplicate; Carol merges it; Keisha's reply to it threads onto #1.
        try harness.deliver(
            """
            From: Keisha Smith <keisha@clinic.example>
            To: support@example.org
            Subject: payroll again?
            Message-ID: <keisha-3@clinic.example>

            Is this the same problem?
            """)
        try harness.poll()
        try harness.deliver(
            Self.analystMail(
                "carol", id: "carol-2", subject: "Re: [Help Desk #2] payroll again?", body: "#merge 1"))
        try harness.poll()
        #expect(try harness.ticket(2)?.status == .closed)
        try harness.deliver(
            """
            From: Keisha Smith <keisha@clinic.example>
            To: support@example.org
            Subject: Re: [Help Desk #2] payroll again?
            Message-ID: <keisha-4@clinic.example>

            Thanks.
            """)
        let merged = try harness.poll()
        #expect(merged.threaded == 1 && merged.created == 0)

        // Cindy resolves it: Keisha gets her words and the resolved notice.
        mark = harness.smtp.received().count
        try harness.deliver(
            Self.analystMail(
                "cindy", id: "cindy-4", subject: "Re: [Help Desk #1] Payroll will not open",
                body: "#resolve\nThe index was rebuilt; payroll works again."))
        try harness.poll()
        ticket = try #require(try harness.ticket(1))
        #expect(ticket.status == .resolved)
        #expect(ticket.sla?.allSatisfy { $0.state == .met } == true)
        let resolvedMails = try Self.newMail(harness, to: keisha, after: mark)
        #expect(resolvedMails.contains { $0.textBody.contains("payroll works again") })
        #expect(resolvedMails.contains { $0.subject.contains("Resolved:") && $0.textBody.contains("reply") })

        // Keisha's out-of-office is kept and reaches nobody.
        mark = harness.smtp.received().count
        try harness.deliver(
            """
            From: Keisha Smith <keisha@clinic.example>
            To: support@example.org
            Subject: Automatic reply: [Help Desk #1] Resolved: Payroll will not open
            Auto-Submitted: auto-replied
            Message-ID: <keisha-ooo@clinic.example>

            I am out of the office until Monday.
            """)
        try harness.poll()
        #expect(harness.smtp.received().count == mark)
        ticket = try #require(try harness.ticket(1))
        #expect(ticket.status == .resolved)
        #expect(ticket.messages?.contains { $0.kind == .auto && $0.body.contains("out of the office") } == true)

        // A week later it closes by itself.
        try harness.poll(now: Date().addingTimeInterval(8 * 86_400))
        #expect(try harness.ticket(1)?.status == .closed)
        // The trail tells the story with who did what.
        let events = try #require(try harness.ticket(1)?.events)
        #expect(events.contains { $0.kind == .assignment && $0.actor == "marsha" && $0.to == "cindy" })
        #expect(events.contains { $0.kind == .status && $0.to == "resolved" && $0.actor == "cindy" })
        #expect(events.contains { $0.kind == .status && $0.to == "closed" && $0.role == .system })
    }
}
