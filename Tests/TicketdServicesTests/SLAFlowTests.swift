import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// SLA clocks end to end against the real mail servers, driven with `--now`.
@Suite struct SLAFlowTests {
    static let extraYAML = """
        groups:
          it-managers: [director@example.org]
        rules:
          - name: patient-care
            when: { subject: "(?i)patient" }
            set: { priority: critical }
        sla:
          critical: { first_response: 15m, resolution: 1h, calendar: 24x7, warn_at: 80%, escalate_to: [it-managers] }

        """

    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    /// SLA warnings and escalations (not the requester's `resolved` notice).
    func notices(_ harness: MailFlowHarness) -> [(to: String, subject: String)] {
        harness.smtp.received().compactMap { mail in
            guard let parsed = try? MIMEParser().parse(mail.raw), mail.header("Auto-Submitted") == "auto-generated",
                !parsed.subject.contains("Resolved:")
            else {
                return nil
            }
            return (mail.recipients.first ?? "", parsed.subject)
        }
    }

    @Test func anUnansweredCriticalTicketWarnsOnceAndEscalatesOnce() throws {
        let harness = try MailFlowHarness(extraYAML: Self.extraYAML)
        defer { harness.stop() }
        try harness.deliver("From: nurse@example.org\nSubject: Patient record locked\nMessage-ID: <sla1@x>\n\nhelp\n")
        try harness.poll(now: Self.at(0))
        let clocks = try #require(try harness.ticket(1)?.sla)
        #expect(clocks.map(\.name) == ["first_response", "resolution"])
        #expect(clocks.first?.dueAt == Self.at(15))

        try harness.poll(now: Self.at(11))
        #expect(notices(harness).isEmpty)
        try harness.poll(now: Self.at(12))
        #expect(notices(harness).map(\.to) == ["carol@example.org"])
        #expect(notices(harness).first?.subject.contains("SLA warning: first response") == true)
        try harness.poll(now: Self.at(13))
        try harness.poll(now: Self.at(15))
        let afterBreach = notices(harness)
        #expect(afterBreach.count == 2)
        #expect(afterBreach.last?.to == "director@example.org")
        #expect(afterBreach.last?.subject.contains("ESCALATION level 1: first response missed") == true)
        try harness.poll(now: Self.at(16))
        try harness.poll(now: Self.at(16))
        #expect(notices(harness).count == 2, "a notice is queued once per clock and level")
        let ticket = try #require(try harness.ticket(1))
        #expect(ticket.sla?.first?.state == .breached)
        #expect(ticket.events?.filter { $0.type == "sla_breach" }.count == 1)
        // The resolution clock follows its own instants: warning at 48 min, escalation at 60.
        try harness.poll(now: Self.at(48))
        try harness.poll(now: Self.at(60))
        #expect(notices(harness).count == 4)
        #expect(try harness.runtime.store.read { try $0.nextClockDue() } == nil)
    }

    @Test func anAnsweredAndResolvedTicketSendsNoNotice() throws {
        let harness = try MailFlowHarness(extraYAML: Self.extraYAML)
        defer { harness.stop() }
        try harness.deliver("From: nurse@example.org\nSubject: Patient monitor offline\nMessage-ID: <sla2@x>\n\nhelp\n")
        try harness.poll(now: Self.at(0))
        try harness.deliver(
            "Authentication-Results: \(MailFlowHarness.authservID); dkim=pass header.d=example.org\n"
                + "From: carol@example.org\nSubject: Re: [Help Desk #1] Patient monitor offline\nMessage-ID: <sla3@x>\n\nOn it.\n"
        )
        try harness.poll(now: Self.at(5))
        try harness.runtime.store.write {
            try TicketChange(status: .resolved).apply(
                to: 1, actor: "carol", at: Self.at(30), applier: harness.runtime.intake.applier, in: $0)
        }
        for minute in [12.0, 15, 48, 60, 600] { try harness.poll(now: Self.at(minute)) }
        #expect(notices(harness).isEmpty)
        #expect(try harness.ticket(1)?.sla?.map(\.state) == [.met, .met])
    }

    @Test func pendingPausesTheClockAndARequesterReplyResumesIt() throws {
        let harness = try MailFlowHarness(extraYAML: Self.extraYAML)
        defer { harness.stop() }
        try harness.deliver("From: nurse@example.org\nSubject: Patient list empty\nMessage-ID: <sla4@x>\n\nhelp\n")
        try harness.poll(now: Self.at(0))
        try harness.runtime.store.write {
            try TicketChange(status: .pending).apply(
                to: 1, actor: "carol", at: Self.at(5), applier: harness.runtime.intake.applier, in: $0)
        }
        try harness.poll(now: Self.at(100))
        #expect(notices(harness).isEmpty, "no notice while the ticket waits on its requester")
        try harness.deliver(
            "From: nurse@example.org\nSubject: Re: [Help Desk #1] Patient list empty\nMessage-ID: <sla5@x>\n\ninfo\n")
        try harness.poll(now: Self.at(105))
        let ticket = try #require(try harness.ticket(1))
        #expect(ticket.status == .open)
        // 5 minutes ran before the pause, 100 minutes paused: first response now due at 115.
        #expect(ticket.sla?.first?.dueAt == Self.at(115))
        #expect(ticket.sla?.first?.state == .running)
    }

    @Test func stepsAndPriorityChangesRecomputeTargets() throws {
        let harness = try MailFlowHarness(extraYAML: Self.extraYAML)
        defer { harness.stop() }
        try harness.deliver("From: nurse@example.org\nSubject: New badge reader\nMessage-ID: <sla6@x>\n\nplease\n")
        try harness.poll(now: Self.at(0))
        #expect(try harness.ticket(1)?.sla == [], "medium has no policy here, so no clocks")
        try harness.runtime.store.write { session in
            try TicketChange(priority: .critical, steps: [("approval", TimeSpan("4h"))]).apply(
                to: 1, actor: "carol", at: Self.at(30), applier: harness.runtime.intake.applier, in: session)
        }
        var ticket = try #require(try harness.ticket(1))
        #expect(ticket.sla?.map(\.name) == ["first_response", "resolution", "step:approval"])
        #expect(ticket.sla?.first { $0.name == "resolution" }?.dueAt == Self.at(60), "counted from creation")
        #expect(ticket.sla?.first { $0.name == "first_response" }?.state == .running)
        try harness.runtime.store.write { session in
            try TicketChange(steps: [("approval", nil)]).apply(
                to: 1, actor: "carol", at: Self.at(40), applier: harness.runtime.intake.applier, in: session)
        }
        ticket = try #require(try harness.ticket(1))
        #expect(ticket.sla?.first { $0.name == "step:approval" }?.state == .met)
        #expect(ticket.events?.contains { $0.type == "sla_retargeted" } == false)
    }
}
