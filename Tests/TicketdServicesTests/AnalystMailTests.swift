import Foundation
import Logging
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdStore

/// Analysts working a ticket from their mail client, driven in-process: commands, relays both
/// ways, notes, refusals, `#for`, `#merge`, automatic replies, take on reply.
@Suite struct AnalystMailTests {
    static let analysts = """
          - { name: carol, email: carol@example.org, tier: 1 }
          - { name: marsha, email: marsha@example.org, tier: 2 }
          - { name: cindy, email: cindy@example.org, tier: 3 }
        """
    static let proof = "Authentication-Results: \(MailFlowHarness.authservID); dkim=pass header.d=example.org"

    static func intake() throws -> InProcessIntake {
        try InProcessIntake(
            extraYAML: """
                categories: [Break/Fix, Maintenance]
                sla:
                  high: { first_response: 30m, resolution: 2h }
                  medium: { first_response: 1d, resolution: 5d }
                """, analysts: analysts)
    }

    static func requesterMail(
        _ id: String, subject: String = "Payroll will not open", body: String = "It fails."
    )
        -> String
    {
        """
        From: Keisha Smith <keisha@clinic.example>
        To: support@example.org
        Subject: \(subject)
        Message-ID: <\(id)@clinic.example>

        \(body)
        """
    }

    static func analystMail(
        _ name: String, _ id: String, ticket: Int64?, body: String, proven: Bool = true, subject: String? = nil
    ) -> String {
        let display = name.prefix(1).uppercased() + name.dropFirst()
        let subjectLine = subject ?? "Re: [Help Desk #\(ticket ?? 0)] Payroll will not open"
        return """
            \(proven ? proof + "\n" : "")From: \(display) <\(name)@example.org>
            To: support@example.org
            Subject: \(subjectLine)
            Message-ID: <\(id)@example.org>

            \(body)
            """
    }

    static func text(_ item: OutboxItem) -> String { String(decoding: item.raw, as: UTF8.self) }

    static func parsed(_ item: OutboxItem) throws -> ParsedMessage { try MIMEParser().parse(item.raw) }

    @Test func anAnalystsReplyIsAppliedAndRelayedWithoutQuotesOrCommands() throws {
        let desk = try Self.intake()
        try desk.take(Self.requesterMail("k1"))
        let before = try desk.queuedMails().count
        try desk.take(
            Self.analystMail(
                "cindy", "c1", ticket: 1,
                body: """
                    #priority high
                    #category break/fix
                    Please restart the payroll client.

                    Cindy

                    On Mon, Nov 30, 2026 at 10:02 AM Keisha Smith <keisha@clinic.example> wrote:
                    > It fails.
                    """))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.priority == .high)
        #expect(ticket.category == "Break/Fix")
        #expect(ticket.assignee == "cindy")  // took it by replying
        #expect(ticket.status == .open)
        #expect(ticket.sla?.first { $0.name == "first_response" }?.state == .met)
        let relays = try desk.queuedMails().dropFirst(before).filter { $0.kind == "relay" }
        let toKeisha = try #require(relays.first { $0.recipients == ["keisha@clinic.example"] })
        let mail = try Self.parsed(toKeisha)
        #expect(mail.from?.name == "Cindy via Help Desk")
        #expect(mail.from?.email == "support@example.org")
        #expect(mail.replyTo.first?.email == "support@example.org")
        #expect(mail.subject.contains("[Help Desk #1]"))
        #expect(mail.references.first == "k1@clinic.example")  // Keisha's thread continues
        #expect(mail.inReplyTo.count == 1 && mail.inReplyTo != ["c1@example.org"])
        #expect(mail.headers["Auto-Submitted"] == nil)
        #expect(mail.textBody.contains("Please restart the payroll client."))
        #expect(!mail.textBody.contains("#priority"))
        #expect(!mail.textBody.contains("It fails."))
        #expect(!mail.textBody.contains("wrote:"))
        // The whole mail is kept.
        #expect(ticket.messages?.contains { $0.body.contains("> It fails.") } == true)
        #expect(ticket.events?.contains { $0.kind == .priority && $0.role == .analyst && $0.actor == "cindy" } == true)
    }

    @Test func aNoteNeverReachesTheRequesterButReachesTheAssignee() throws {
        let desk = try Self.intake()
        try desk.take(Self.requesterMail("k1"))
        try desk.take(Self.analystMail("carol", "a1", ticket: 1, body: "#assign marsha"))
        let before = try desk.queuedMails().count
        try desk.take(
            Self.analystMail("carol", "a2", ticket: 1, body: "#note checked the database logs,\nnothing unusual."))
        let new = try desk.queuedMails().dropFirst(before)
        #expect(!new.contains { $0.recipients.contains("keisha@clinic.example") })
        let toMarsha = try #require(new.first { $0.recipients == ["marsha@example.org"] })
        #expect(Self.text(toMarsha).contains("checked the database logs"))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.messages?.last { $0.direction == .in }?.kind == .internal)
        #expect(ticket.sla?.first { $0.name == "first_response" }?.state != .met)
        #expect(ticket.status == .open)  // opened by the assignment
    }

    @Test func aBadLineAppliesNothingAndTellsItsAuthor() throws {
        let desk = try Self.intake()
        try desk.take(Self.requesterMail("k1"))
        let before = try desk.queuedMails().count
        try desk.take(
            Self.analystMail("carol", "a1", ticket: 1, body: "#priority high\n#asign marsha\nPlease wait."))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.priority == .medium)
        #expect(ticket.assignee == nil)
        let new = try desk.queuedMails().dropFirst(before)
        #expect(new.count == 1)
        let reply = try #require(new.first)
        #expect(reply.recipients == ["carol@example.org"])
        #expect(reply.kind == "command-error")
        #expect(Self.text(reply).contains("#asign marsha"))
        #expect(Self.text(reply).contains("line 2"))
        #expect(ticket.events?.contains { $0.kind == .commandRefused } == true)
        #expect(ticket.messages?.contains { $0.kind == .internal && $0.body.contains("Please wait.") } == true)
    }

    @Test func anUnprovenMailInAnAnalystsNameChangesNothing() throws {
        let desk = try Self.intake()
        try desk.take(Self.requesterMail("k1"))
        let outcome = try desk.take(
            Self.analystMail("carol", "fake", ticket: 1, body: "#priority critical\n#resolve", proven: false))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.priority == .medium)
        #expect(ticket.status == .new)
        #expect(outcome == .created(ticketID: 2))  // a stranger's mail opens its own ticket
    }

    @Test func forOpensATicketOnBehalfOfTheRequester() throws {
        let desk = try Self.intake()
        try desk.take(
            Self.analystMail(
                "carol", "for1", ticket: nil,
                body: "#for keisha@clinic.example\n#priority high\n#assign marsha\nKeisha called: payroll fails.",
                subject: "Payroll will not open"))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.requester.email == "keisha@clinic.example")
        #expect(ticket.watchers == ["carol@example.org"])
        #expect(ticket.priority == .high)
        #expect(ticket.assignee == "marsha")
        let ack = try #require(try desk.queuedMails().first { $0.kind == "acknowledgement" })
        #expect(ack.recipients == ["keisha@clinic.example"])
        #expect(ticket.events?.first?.role == .analyst)
    }

    @Test func aBadLineInANewMailOpensNothing() throws {
        let desk = try Self.intake()
        let outcome = try desk.take(
            Self.analystMail(
                "carol", "for2", ticket: nil, body: "#for keisha@clinic.example\n#priority urgent\nHello",
                subject: "Payroll"))
        guard case .quarantined(let reason) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(reason.contains("#priority urgent"))
        #expect(try desk.queuedMails().map(\.kind) == ["command-error"])
    }

    @Test func theRequestersReplyReachesTheAssigneeAndAnOutOfOfficeReachesNobody() throws {
        let desk = try Self.intake()
        try desk.take(Self.requesterMail("k1"))
        try desk.take(Self.analystMail("cindy", "c1", ticket: 1, body: "#status pending\nWhich ward?"))
        var before = try desk.queuedMails().count
        try desk.take(
            Self.requesterMail(
                "k2", subject: "Re: [Help Desk #1] Payroll will not open", body: "Ward 3.\n\n> Which ward?"))
        var new = try desk.queuedMails().dropFirst(before)
        let toCindy = try #require(new.first { $0.recipients == ["cindy@example.org"] })
        let relayed = try Self.parsed(toCindy)
        #expect(relayed.from?.name == "Keisha Smith via Help Desk")
        #expect(relayed.subject.contains("[Help Desk #1]"))
        #expect(relayed.textBody.contains("Ward 3."))
        #expect(try desk.ticket(1)?.status == .open)  // reopened from pending

        try desk.take(Self.analystMail("cindy", "c2", ticket: 1, body: "#resolve\nFixed the index."))
        #expect(try desk.ticket(1)?.status == .resolved)
        #expect(try desk.queuedMails().contains { $0.kind == "resolved" && $0.recipients == ["keisha@clinic.example"] })
        before = try desk.queuedMails().count
        try desk.take(
            """
            From: Keisha Smith <keisha@clinic.example>
            To: support@example.org
            Subject: Automatic reply: [Help Desk #1] Payroll will not open
            Auto-Submitted: auto-replied
            Message-ID: <ooo1@clinic.example>

            I am out of the office until Monday.
            """)
        new = try desk.queuedMails().dropFirst(before)
        #expect(new.isEmpty)
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.status == .resolved)
        #expect(ticket.messages?.last { $0.direction == .in }?.kind == .auto)
    }

    @Test func aMergedTicketsMailThreadsOntoItsTarget() throws {
        let desk = try Self.intake()
        try desk.take(Self.requesterMail("k1"))
        try desk.take(Self.requesterMail("k2", subject: "Payroll again"))
        try desk.take(
            Self.analystMail("carol", "m1", ticket: 2, body: "#merge 1", subject: "Re: [Help Desk #2] Payroll"))
        #expect(try desk.ticket(2)?.status == .closed)
        let outcome = try desk.take(
            Self.requesterMail("k3", subject: "Re: [Help Desk #2] Payroll again", body: "Any news?"))
        #expect(outcome == .threaded(ticketID: 1))
        #expect(try desk.ticket(1)?.events?.contains { $0.kind == .merge } == true)
    }

    @Test func aPendingTicketIsRemindedOnceThenResolvedThenClosed() throws {
        let desk = try Self.intake()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let day: TimeInterval = 86_400
        try desk.take(Self.requesterMail("k1"), at: start)
        try desk.take(Self.analystMail("cindy", "c1", ticket: 1, body: "#status pending\nWhich ward?"), at: start)
        func sweep(_ days: Double) throws -> SLASweeper.Result {
            try desk.runtime.sweeper.sweep(at: start.addingTimeInterval(days * day), logger: Logger(label: "test"))
        }
        func kinds() throws -> [String] { try desk.queuedMails().map(\.kind) }
        #expect(try sweep(2.9).reminded == 0)
        #expect(try sweep(3).reminded == 1)
        #expect(try sweep(3.5).reminded == 0)  // once
        #expect(try kinds().filter { $0 == "pending-reminder" }.count == 1)
        let reminder = try #require(try desk.queuedMails().first { $0.kind == "pending-reminder" })
        #expect(reminder.recipients == ["keisha@clinic.example"])
        #expect(try sweep(7).resolved == 1)
        #expect(try desk.ticket(1)?.status == .resolved)
        let notice = try #require(try desk.queuedMails().first { $0.kind == "resolved" })
        #expect(Self.text(notice).contains("not heard from you"))
        #expect(try sweep(13.9).closed == 0)
        #expect(try sweep(14).closed == 1)
        #expect(try desk.ticket(1)?.status == .closed)
        let quiet = try sweep(30)
        #expect(quiet.closed + quiet.reminded + quiet.resolved == 0)
        // Mail to a closed ticket opens a new one that refers to it.
        let outcome = try desk.take(
            Self.requesterMail("k9", subject: "Re: [Help Desk #1] Payroll will not open", body: "Again."),
            at: start.addingTimeInterval(31 * day))
        #expect(outcome == .created(ticketID: 2))
    }

    @Test func commandsInAnHTMLMailCountAndAttachmentsAreCarried() throws {
        let desk = try Self.intake()
        try desk.take(Self.requesterMail("k1"))
        let before = try desk.queuedMails().count
        try desk.take(
            """
            \(Self.proof)
            From: Cindy <cindy@example.org>
            To: support@example.org
            Subject: Re: [Help Desk #1] Payroll will not open
            Message-ID: <html1@example.org>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: text/html; charset=utf-8

            <html><body><div>#priority high</div><div>Here is the fixed export.</div><div class="gmail_quote">On Mon, Nov 30, 2026 at 10:02 AM Keisha &lt;keisha@clinic.example&gt; wrote:<blockquote>It fails.</blockquote></div></body></html>
            --m
            Content-Type: text/csv; name="export.csv"
            Content-Disposition: attachment; filename="export.csv"
            Content-Transfer-Encoding: base64

            bmFtZSxob3VycwprZWlzaGEsNDAK
            --m--
            """)
        #expect(try desk.ticket(1)?.priority == .high)
        let relay = try #require(try desk.queuedMails().dropFirst(before).first { $0.kind == "relay" })
        let mail = try Self.parsed(relay)
        #expect(mail.textBody.contains("Here is the fixed export."))
        #expect(!mail.textBody.contains("#priority") && !mail.textBody.contains("It fails."))
        let attachment = try #require(mail.attachments.first)
        #expect(attachment.filename == "export.csv")
        #expect(String(decoding: mail.data(of: attachment), as: UTF8.self) == "name,hours\nkeisha,40\n")
    }

    @Test func aRatingIsRecordedAndSolvedResolvesAsSelfService() throws {
        let desk = try Self.intake()
        try desk.take(Self.requesterMail("k1"))
        try desk.take(Self.analystMail("cindy", "c1", ticket: 1, body: "#resolve\nFixed the index."))
        let resolvedNotice = try #require(try desk.queuedMails().first { $0.kind == "resolved" })
        #expect(try Self.parsed(resolvedNotice).textBody.contains("number from 1"))
        var before = try desk.queuedMails().count
        try desk.take(
            Self.requesterMail("k2", subject: "Re: [Help Desk #1] Resolved: Payroll", body: "4 quick, thank you"))
        try desk.take(Self.requesterMail("k3", subject: "Re: [Help Desk #1] Resolved: Payroll", body: "5"))
        var ticket = try #require(try desk.ticket(1))
        #expect(ticket.status == .resolved)  // a rating reopens nothing
        #expect(ticket.events?.filter { $0.kind == .satisfaction }.map(\.to) == ["4", "5"])
        #expect(try desk.queuedMails().count == before)  // and is relayed to nobody

        try desk.take(Self.requesterMail("k4", subject: "VPN drops"))
        before = try desk.queuedMails().count
        try desk.take(
            Self.requesterMail("k5", subject: "Re: [Help Desk #2] VPN drops", body: "Solved! The article helped."))
        ticket = try #require(try desk.ticket(2))
        #expect(ticket.status == .resolved)
        #expect(ticket.events?.contains { $0.kind == .selfService } == true)
        let new = try desk.queuedMails().dropFirst(before)
        #expect(!new.contains { $0.recipients.contains("keisha@clinic.example") })
        #expect(new.contains { Self.text($0).contains("nothing more is needed") })
    }
}
