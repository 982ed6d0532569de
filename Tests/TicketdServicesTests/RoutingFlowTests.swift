import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdTestSupport

/// Routing end to end through a real Dovecot and SMTP server: a payroll mail goes to the tier-2
/// payroll analyst, who is told; a critical one also reaches her pager; after hours the on-call
/// analyst gets it; `#escalate` moves one ticket to tier 3; the daily digest goes once.
@Suite(.serialized) struct RoutingFlowTests {
    @Test func routingEscalationPagerOnCallAndDigest() throws {
        let harness = try MailFlowHarness(
            extraYAML: RoutingTests.yaml, analysts: RoutingTests.analysts, autoAssign: true)
        defer { harness.stop() }
        let monday = RoutingTests.mondayMorning

        try harness.deliver(
            "From: Keisha <keisha@clinic.example>\nSubject: Payroll will not open\nMessage-ID: <r1@clinic.example>\n\nIt fails.\n"
        )
        try harness.poll(now: monday)
        #expect(try harness.ticket(1)?.assignee == "marsha")
        let assignment = try #require(harness.sent(to: "marsha@example.org").first)
        #expect(assignment.header("Subject")?.contains("Assigned to you (medium)") == true)
        #expect(assignment.header("Auto-Submitted") == "auto-generated")

        try harness.deliver(
            RoutingTests.verifiedClinic
                + "From: Nora <nora@clinic.example>\nSubject: ICU payroll kiosk\nMessage-ID: <r2@clinic.example>\n\nThe patient monitor screen shows the payroll error.\n"
        )
        try harness.poll(now: monday.addingTimeInterval(60))
        #expect(try harness.ticket(2)?.priority == .critical)
        #expect(harness.sent(to: "marsha-sms@sms.example.org").count == 1)

        // 06:00 on Tuesday: after hours, the on-call analyst.
        try harness.deliver(
            "From: Bob <bob@clinic.example>\nSubject: Payroll export\nMessage-ID: <r3@clinic.example>\n\nExport fails.\n"
        )
        try harness.poll(now: monday.addingTimeInterval(20 * 3600))
        #expect(try harness.ticket(3)?.assignee == "oscar")

        // Marsha escalates #1: Cindy (tier 3) has it, one ticket, Keisha hears nothing new.
        let keishaBefore = harness.sent(to: "keisha@clinic.example").count
        try harness.deliver(
            "Authentication-Results: \(MailFlowHarness.authservID); dkim=pass header.d=example.org\n"
                + "From: Marsha <marsha@example.org>\nSubject: Re: [Help Desk #1] Payroll will not open\n"
                + "Message-ID: <m1@example.org>\n\n#escalate database lock, needs a DBA\n")
        let report = try harness.poll(now: monday.addingTimeInterval(120))
        #expect(report.created == 0 && report.threaded == 1)
        #expect(try harness.ticket(1)?.assignee == "cindy")
        #expect(try harness.ticket(1)?.events?.contains { $0.kind == .tierEscalation && $0.to == "3" } == true)
        #expect(
            harness.sent(to: "cindy@example.org").filter { $0.header("Subject")?.contains("Assigned to you") == true }
                .count == 1)
        #expect(harness.sent(to: "keisha@clinic.example").count == keishaBefore)

        // Tuesday 07:31 in New York: the digest goes to those on duty that day with something
        // to read, once. (Monday's went at the first poll, late: the daemon started after 07:30.)
        let tuesday0731 = monday.addingTimeInterval(86_400 - 149 * 60)
        try harness.poll(now: tuesday0731)
        func tuesdayDigests() -> [SMTPSink.Received] {
            harness.smtp.received().filter { $0.header("Subject")?.hasPrefix("Your tickets on 2026-12-01") == true }
        }
        let digests = tuesdayDigests()
        #expect(Set(digests.flatMap(\.recipients)) == ["marsha@example.org", "cindy@example.org", "oscar@example.org"])
        try harness.poll(now: tuesday0731.addingTimeInterval(600))
        #expect(tuesdayDigests().count == digests.count)
    }
}
