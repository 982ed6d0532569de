import Foundation
import Logging
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdStore

/// Who gets a ticket, in-process: skill and tier, familiarity, on-duty calendars across a
/// weekend, the on-call analyst after hours, the pager copy, `#escalate`, the daily digest,
/// `rules test`.
@Suite struct RoutingTests {
    static let analysts = """
          - { name: carol, email: carol@example.org, tier: 1 }
          - { name: marsha, email: marsha@example.org, tier: 2, skills: [payroll], on_duty: clinic-hours, pager: marsha-sms@sms.example.org }
          - { name: mike, email: mike@example.org, tier: 2, skills: [payroll], on_duty: false }
          - { name: oscar, email: oscar@example.org, tier: 2, skills: [payroll], on_duty: on-call }
          - { name: cindy, email: cindy@example.org, tier: 3, skills: [database] }
        """
    static let yaml = """
        calendars:
          clinic-hours: { timezone: America/New_York, hours: { mon-fri: "08:00-17:00" } }
          on-call: { timezone: America/New_York, hours: { mon-fri: "00:00-08:00", sat-sun: "00:00-24:00" } }
        rules:
          - name: payroll
            when: { subject: "(?i)payroll" }
            set: { category: Break/Fix, skill: payroll, tier: 2 }
        critical_when: { subject_or_body: "(?i)(ventilator|icu|patient monitor)" }
        digest: { at: "07:30" }
        sla:
          critical: { first_response: 15m, resolution: 1h, escalate_to: [assignee] }
          medium: { first_response: 1d, resolution: 5d }
        """
    /// Monday 30 November 2026, 10:00 in New York.
    static let mondayMorning = Date(timeIntervalSince1970: 1_796_050_800)

    static func intake() throws -> InProcessIntake {
        try InProcessIntake(extraYAML: yaml, analysts: analysts, autoAssign: true)
    }

    static func mail(
        _ id: String, from: String = "keisha@clinic.example", subject: String, body: String = "Help.",
        verified: Bool = false
    )
        -> String
    {
        (verified ? verifiedClinic : "")
            + "From: \(from)\nTo: support@example.org\nSubject: \(subject)\nMessage-ID: <\(id)@clinic.example>\n\n\(body)\n"
    }

    /// What the MX writes on top of a clinic mail whose DMARC passed.
    static let verifiedClinic =
        "Authentication-Results: \(MailFlowHarness.authservID); dmarc=pass header.from=clinic.example\n"

    @Test func aPayrollMailGoesToTheOnDutyTier2PayrollAnalystWhoIsTold() throws {
        let desk = try Self.intake()
        try desk.take(Self.mail("p1", subject: "Payroll will not open"), at: Self.mondayMorning)
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.assignee == "marsha")
        let event = try #require(ticket.events?.first { $0.kind == .assignment })
        #expect(event.detail == "skill payroll, tier 2, the only one available")
        let notice = try #require(try desk.queuedMails().first { $0.kind == "assignment" })
        #expect(notice.recipients == ["marsha@example.org"])  // medium: no pager copy
        #expect(String(decoding: notice.raw, as: UTF8.self).contains("Help."))
    }

    @Test func onDutyCalendarsDecideAcrossTheWeekendAndTheNight() throws {
        let desk = try Self.intake()
        // Saturday: marsha (clinic hours) is off, oscar (on call) takes it.
        let saturday = Self.mondayMorning.addingTimeInterval(5 * 86_400)
        try desk.take(Self.mail("p1", subject: "Payroll slip"), at: saturday)
        #expect(try desk.ticket(1)?.assignee == "oscar")
        // Monday 10:00: oscar is off (on call 00-08), marsha is on.
        let nextMonday = Self.mondayMorning.addingTimeInterval(7 * 86_400)
        try desk.take(Self.mail("p2", subject: "Payroll slip again"), at: nextMonday)
        #expect(try desk.ticket(2)?.assignee == "marsha")
        // Monday 07:00: after hours, the on-call analyst.
        try desk.take(Self.mail("p3", subject: "Payroll slip once more"), at: nextMonday.addingTimeInterval(-3 * 3600))
        #expect(try desk.ticket(3)?.assignee == "oscar")
    }

    @Test func familiarityBeatsLoad() throws {
        let desk = try InProcessIntake(
            extraYAML: Self.yaml,
            analysts: """
                  - { name: marsha, email: marsha@example.org, tier: 2, skills: [payroll] }
                  - { name: paula, email: paula@example.org, tier: 2, skills: [payroll] }
                """, autoAssign: true)
        try desk.take(Self.mail("k1", from: "keisha@clinic.example", subject: "Payroll 1"), at: Self.mondayMorning)
        try desk.take(Self.mail("n1", from: "nora@clinic.example", subject: "Payroll 2"), at: Self.mondayMorning)
        try desk.take(Self.mail("b1", from: "bob@clinic.example", subject: "Payroll 3"), at: Self.mondayMorning)
        #expect(try [1, 2, 3].map { try desk.ticket($0)?.assignee } == ["marsha", "paula", "marsha"])
        try desk.take(Self.mail("k2", from: "keisha@clinic.example", subject: "Payroll 4"), at: Self.mondayMorning)
        let fourth = try #require(try desk.ticket(4))
        #expect(fourth.assignee == "marsha")  // 2 open against paula's 1, but she had Keisha's #1
        #expect(fourth.events?.first { $0.kind == .assignment }?.detail == "skill payroll, tier 2, familiar from #1")
        // Past 90 days familiarity is gone and load decides.
        try desk.take(
            Self.mail("k3", from: "keisha@clinic.example", subject: "Payroll 5"),
            at: Self.mondayMorning.addingTimeInterval(91 * 86_400))
        #expect(try desk.ticket(5)?.assignee == "paula")
    }

    @Test func nobodyAvailableLeavesItUnassignedAndTellsTheOnDutyOfTheTier() throws {
        let desk = try InProcessIntake(
            extraYAML: Self.yaml,
            analysts: """
                  - { name: carol, email: carol@example.org, tier: 1 }
                  - { name: marsha, email: marsha@example.org, tier: 2, skills: [payroll], on_duty: clinic-hours }
                """, autoAssign: true)
        let saturday = Self.mondayMorning.addingTimeInterval(5 * 86_400)
        try desk.take(Self.mail("p1", subject: "Payroll slip"), at: saturday)
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.assignee == nil)
        #expect(ticket.events?.contains { $0.kind == .assignment && $0.detail.contains("off duty") } == true)
        let notices = try desk.queuedMails().filter { $0.kind == "unassigned" }
        #expect(notices.map(\.recipients) == [["carol@example.org"]])  // nobody of tier 2 on duty: any tier
    }

    @Test func aCriticalTicketsAssignmentAlsoGoesToThePager() throws {
        let desk = try Self.intake()
        try desk.take(
            Self.mail(
                "p1", subject: "Payroll terminal in ICU frozen", body: "The ventilator log cannot be printed.",
                verified: true), at: Self.mondayMorning)
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.priority == .critical)
        #expect(ticket.events?.first?.detail.contains("critical_when") == true)
        // One mail each: the pager's copy never shows the analyst's reply token.
        let notices = try desk.queuedMails().filter { $0.kind == "assignment" }
        #expect(notices.map(\.recipients) == [["marsha@example.org"], ["marsha-sms@sms.example.org"]])
        for notice in notices {
            #expect(String(decoding: notice.raw, as: UTF8.self).contains("call the next person up"))
        }
        let ids = try notices.map { try MIMEParser().parse($0.raw).messageID }
        #expect(ids.map(ReplyToken.looksLikeToken) == [true, false])
    }

    /// Anyone can write "ventilator": `critical_when` raises only a verified or in-organisation
    /// sender's ticket; otherwise it stays as routed, the trail and the notice say what it would
    /// have been, nobody is paged, and the requester is shown as unverified.
    @Test func anUnverifiedSendersWordsRaiseNothingButTheAnalystIsTold() throws {
        let desk = try Self.intake()
        let forged =
            "Authentication-Results: \(MailFlowHarness.authservID); dmarc=fail header.from=clinic.example\n"
            + Self.mail("f1", subject: "Payroll: ventilator alarm at bed 4")
        try desk.take(forged, at: Self.mondayMorning)
        try desk.take(
            Self.mail("n1", from: "nurse@clinic.example", subject: "ICU payroll screen"), at: Self.mondayMorning)
        try desk.take(
            Self.mail("o1", from: "ward@example.org", subject: "ICU payroll screen"), at: Self.mondayMorning)
        for (id, kind) in [(Int64(1), "fail"), (2, "none")] {
            let ticket = try #require(try desk.ticket(id))
            #expect(ticket.priority == .medium, "\(kind)")
            #expect(
                ticket.events?.contains { $0.kind == .priorityWithheld && $0.detail.contains("critical_when") } == true)
        }
        #expect(try desk.ticket(3)?.priority == .critical)  // the organisation's own domain, not failed
        let notices = try desk.queuedMails().filter { $0.kind == "assignment" }
        let first = try #require(notices.first { $0.ticketID == 1 })
        let text = try MIMEParser().parse(first.raw).textBody
        #expect(text.contains("Not raised: critical_when would have made it critical"))
        #expect(text.contains("unverified sender"))
        #expect(!notices.contains { $0.recipients == ["marsha-sms@sms.example.org"] && $0.ticketID != 3 })
        // Without trust.authserv_id nothing can be verified: the words raise as they always did.
        let untrusting = try InProcessIntake(
            extraYAML: Self.yaml, analysts: Self.analysts, autoAssign: true,
            trust: "{ unauthenticated_analysts: false }")
        try untrusting.take(Self.mail("u1", subject: "Payroll: ventilator alarm at bed 4"), at: Self.mondayMorning)
        #expect(try untrusting.ticket(1)?.priority == .critical)
    }

    /// Fifteen critical mails from one verified sender page the analyst once an hour
    /// (`notice_limit.pages_per_sender_per_hour`), and past `per_sender_per_hour` assignment
    /// notices are held: each ticket is still assigned, its trail says why no notice went.
    @Test func pagesAndAssignmentNoticesAreCappedPerSender() throws {
        let desk = try InProcessIntake(
            extraYAML: Self.yaml + "\nnotice_limit: { pages_per_sender_per_hour: 1, per_sender_per_hour: 3 }\n",
            analysts: Self.analysts, autoAssign: true)
        for number in 1...15 {
            try desk.take(
                Self.mail("v\(number)", subject: "Payroll ventilator \(number)", verified: true),
                at: Self.mondayMorning.addingTimeInterval(Double(number)))
        }
        let mails = try desk.queuedMails()
        #expect(mails.filter { $0.recipients == ["marsha-sms@sms.example.org"] }.count == 1)
        #expect(mails.filter { $0.kind == "assignment" && $0.recipients == ["marsha@example.org"] }.count == 3)
        let held = try #require(try desk.ticket(15))
        #expect(held.assignee != nil)
        #expect(held.events?.contains { $0.kind == .note && $0.detail.contains("per_sender_per_hour") } == true)
        // An hour later the next one is paged again.
        try desk.take(
            Self.mail("v16", subject: "Payroll ventilator again", verified: true),
            at: Self.mondayMorning.addingTimeInterval(3700))
        #expect(try desk.queuedMails().filter { $0.recipients == ["marsha-sms@sms.example.org"] }.count == 2)
    }

    @Test func aCriticalBreachAlsoReachesTheAssigneesPager() throws {
        let desk = try Self.intake()
        try desk.take(Self.mail("p1", subject: "Payroll in the ICU is down", verified: true), at: Self.mondayMorning)
        let breach = Self.mondayMorning.addingTimeInterval(16 * 60)
        _ = try desk.runtime.sweeper.sweep(at: breach, logger: Logger(label: "t"))
        let escalations = try desk.queuedMails().filter { $0.kind == "escalation" }.flatMap(\.recipients)
        #expect(Set(escalations) == ["marsha@example.org", "marsha-sms@sms.example.org"])
    }

    @Test func escalateMovesTheTicketUpATierKeepingOneTicket() throws {
        let desk = try Self.intake()
        try desk.take(Self.mail("p1", subject: "Payroll will not open"), at: Self.mondayMorning)
        let before = try desk.queuedMails().count
        try desk.take(
            """
            \(AnalystMailTests.proof)
            From: Marsha <marsha@example.org>
            To: support@example.org
            Subject: Re: [Help Desk #1] Payroll will not open
            Message-ID: <m1@example.org>

            #escalate the payroll database is locked
            """, at: Self.mondayMorning.addingTimeInterval(600))
        #expect(try desk.runtime.store.read { try $0.ticketCount() } == 1)
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.assignee == "cindy")
        let escalation = try #require(ticket.events?.first { $0.kind == .tierEscalation })
        #expect(escalation.from == "2" && escalation.to == "3" && escalation.actor == "marsha")
        #expect(escalation.detail.contains("the payroll database is locked"))
        let new = try desk.queuedMails().dropFirst(before)
        #expect(new.map(\.kind) == ["assignment"])
        #expect(new.first?.recipients == ["cindy@example.org"])  // the requester hears nothing
        // Nobody is above tier 3.
        try desk.take(
            """
            \(AnalystMailTests.proof)
            From: Cindy <cindy@example.org>
            To: support@example.org
            Subject: Re: [Help Desk #1] Payroll will not open
            Message-ID: <c1@example.org>

            #escalate
            """, at: Self.mondayMorning.addingTimeInterval(900))
        #expect(try desk.queuedMails().last?.kind == "command-error")
    }

    @Test func theDigestGoesOncePerDayAndNotWhenThereIsNothingToSay() throws {
        let desk = try InProcessIntake(
            extraYAML: Self.yaml, analysts: Self.analysts, autoAssign: true,
            trust:
                "{ authserv_id: \(MailFlowHarness.authservID), analyst_domain_exclusive: true, plus_addressing: true }")
        let logger = Logger(label: "test")
        try desk.take(Self.mail("p1", subject: "Payroll will not open"), at: Self.mondayMorning)
        let tuesday0729 = Self.mondayMorning.addingTimeInterval(86_400 - 151 * 60)
        #expect(try desk.runtime.sweeper.sweep(at: tuesday0729, logger: logger).digests == 0)
        let tuesday0731 = tuesday0729.addingTimeInterval(120)
        #expect(try desk.runtime.sweeper.sweep(at: tuesday0731, logger: logger).digests == 1)  // marsha only
        #expect(try desk.runtime.sweeper.sweep(at: tuesday0731.addingTimeInterval(3600), logger: logger).digests == 0)
        let digest = try #require(try desk.queuedMails().first { $0.kind == "analyst-digest" })
        #expect(digest.recipients == ["marsha@example.org"])
        let text = try MIMEParser().parse(digest.raw).textBody
        #expect(text.contains("[Help Desk #1]") && text.contains("Payroll will not open"))
        // Her personal command address, for #for (plus_addressing).
        let personal = desk.runtime.intake.composer.replyTokens?.commandAddress(
            for: "marsha@example.org", support: "support@example.org")
        #expect(personal.map { text.contains("\n    \($0)\n") } == true)
        // Saturday: marsha's calendar is closed, so no digest for her.
        let saturday = tuesday0731.addingTimeInterval(4 * 86_400)
        #expect(try desk.runtime.sweeper.sweep(at: saturday, logger: logger).digests == 0)
    }

    /// A phone ticket is a request of its own, never rendered to MIME and read back: what the
    /// operator typed is stored as typed (an encoded word in the subject stays text), routed
    /// and acknowledged like a mail.
    @Test func aPhoneTicketIsStoredAsTheOperatorTypedIt() throws {
        let desk = try Self.intake()
        let subject = "=?utf-8?q?Payroll?= kiosk in the ICU"
        let body = "Caller says:\n--b1\nContent-Type: text/html\n\n<p>error 42</p>"
        let ticket = try #require(
            try HelpDesk(runtime: desk.runtime).createTicket(
                requester: "Keisha <keisha@clinic.example>", subject: subject, body: body, priority: nil,
                assignee: nil, actor: "operator:test", at: Self.mondayMorning))
        #expect(ticket.subject == subject)
        let stored = try #require(try desk.ticket(ticket.id))
        #expect(stored.messages?.first?.body == body)
        #expect(stored.priority == .critical)  // critical_when reads the words; an operator vouches
        #expect(stored.events?.first?.role == .operator)
        #expect(try desk.queuedMails().contains { $0.kind == "acknowledgement" })
    }

    @Test func rulesTestTellsTheRuleThePriorityAndTheAnalyst() throws {
        let desk = try Self.intake()
        let report = try HelpDesk(runtime: desk.runtime).testRules(
            Array(Self.mail("r1", subject: "Payroll and the ICU monitor").utf8), at: Self.mondayMorning)
        #expect(report.rule == "payroll")
        #expect(report.priority == .critical && report.severity == "critical_when")
        #expect(report.skill == "payroll" && report.tier == 2 && report.analyst == "marsha")
        #expect(report.text.contains("analyst: marsha"))
        let analysts = try HelpDesk(runtime: desk.runtime).analysts(at: Self.mondayMorning)
        #expect(analysts.map(\.onDuty) == [true, true, false, false, true])
    }
}
