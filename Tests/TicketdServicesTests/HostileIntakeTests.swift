import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdStore

/// The hostile-mail issue's shapes through the intake, in process: each decision and its record.
@Suite struct HostileIntakeTests {
    static let sla = """
        sla:
          medium: { first_response: 1h, resolution: 1d, calendar: 24x7 }

        """

    @Test func aReusedMessageIDWithOtherContentIsNewMailAndTheReuseIsRecorded() throws {
        let intake = try InProcessIntake()
        let first = "From: scanner@ward3.example.net\nSubject: Scan 1\nMessage-ID: <fixed@scanner>\n\nfirst page\n"
        let second = "From: scanner@ward3.example.net\nSubject: Scan 2\nMessage-ID: <fixed@scanner>\n\nsecond page\n"
        #expect(try intake.take(first) == .created(ticketID: 1))
        #expect(try intake.take(second) == .created(ticketID: 2))
        let events = try #require(try intake.ticket(2)?.events)
        #expect(events.contains { $0.kind == .messageIDReused && $0.from == "fixed@scanner" })
        // Redeliveries of either are duplicates, even with other trace fields on top.
        #expect(try intake.take("Received: from relay2 by mx\n" + first) == .duplicate)
        #expect(try intake.take("Delivered-To: payroll-help@example.org\n" + second) == .duplicate)
        #expect(try intake.take(second) == .duplicate)
    }

    @Test func anAnalystWithoutProofIsAnyonesMailAndMeetsNoClock() throws {
        let intake = try InProcessIntake(extraYAML: Self.sla)
        try intake.take("From: nora@example.org\nSubject: EPR down\nMessage-ID: <t1@x>\n\nhelp\n")
        let forged = "From: carol@example.org\nSubject: Re: [Help Desk #1] EPR down\nMessage-ID: <f1@x>\n\ndone\n"
        #expect(try intake.take(forged) == .created(ticketID: 2))
        #expect(try intake.ticket(2)?.events?.contains { $0.type == "analyst_unproven" } == true)
        let elsewhere =
            "Authentication-Results: mx.evil.example; dkim=pass header.d=example.org\n"
            + "From: carol@example.org\nSubject: Re: [Help Desk #1] EPR down\nMessage-ID: <f2@x>\n\ndone\n"
        #expect(try intake.take(elsewhere) == .created(ticketID: 3))
        #expect(try intake.ticket(1)?.sla?.first { $0.name == "first_response" }?.state == .running)
        let proven =
            "Authentication-Results: \(MailFlowHarness.authservID); dkim=pass header.d=example.org\n"
            + "From: carol@example.org\nSubject: Re: [Help Desk #1] EPR down\nMessage-ID: <p1@x>\n\nOn it.\n"
        #expect(try intake.take(proven) == .threaded(ticketID: 1))
        #expect(try intake.ticket(1)?.sla?.first { $0.name == "first_response" }?.state == .met)
    }

    @Test func aBounceIsRecordedOnlyThroughOurOwnMessageIDs() throws {
        let intake = try InProcessIntake()
        try intake.take("From: nora@example.org\nSubject: printer\nMessage-ID: <nora1@example.org>\n\nbroken\n")
        let ack = try #require(try intake.queued().first { $0.recipient == "nora@example.org" })
        func report(naming id: String) -> String {
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
            Subject: failure notice
            Message-ID: <dsn-\(id.hashValue)@mx.example.net>

            Hi. This is the qmail-send program at mx.example.net.

            --- Below this line is a copy of the message.

            From: Help Desk <support@example.org>
            Message-ID: <\(id)>
            Subject: whatever the forger wants stored

            text
            """
        }
        let queuedBefore = try intake.queued().count
        // A forged report naming the requester's own mail (an id anyone in the thread knows).
        guard case .quarantined = try intake.take(report(naming: "nora1@example.org")) else {
            Issue.record("a report naming no mail of ours must be quarantined")
            return
        }
        #expect(try intake.take(report(naming: ack.messageID)) == .bounce(ticketID: 1))
        #expect(try intake.ticket(1)?.events?.filter { $0.type == "bounce" }.count == 1)
        #expect(try intake.queued().count == queuedBefore, "a bounce is never answered")
        #expect(try intake.runtime.store.read { try $0.ticketCount() } == 1, "a bounce never opens a ticket")
    }

    @Test func thePerSenderCapCountsOnePersonUnderEverySpelling() throws {
        let intake = try InProcessIntake()
        let spellings = [
            "alice@x.org", "Alice@X.org", "alice+1@x.org", "alice@x.org.", "ALICE+ward3@x.org", "alice@X.ORG",
        ]
        for (index, from) in (spellings + spellings).enumerated() {
            try intake.take("From: \(from)\nSubject: s\(index)\nMessage-ID: <a\(index)@x>\n\nhelp\n")
        }
        #expect(try intake.queued().count == 10)
    }

    @Test func theGlobalCapPausesAcknowledgementsAndCountsThem() throws {
        let intake = try InProcessIntake(extraYAML: "auto_reply_limit: { per_hour_total: 3 }\n")
        for index in 0..<5 {
            try intake.take("From: user\(index)@x.org\nSubject: s\nMessage-ID: <g\(index)@x>\n\nhelp\n")
        }
        #expect(try intake.queued().count == 3)
        #expect(intake.runtime.intake.acknowledgementPause.held == 2)
        #expect(
            try intake.ticket(5)?.events?.contains {
                $0.type == "acknowledgement_suppressed" && $0.detail.contains("per_hour_total")
            } == true)
    }

    @Test func clinicalTextWithANulIsStoredWhole() throws {
        let intake = try InProcessIntake()
        try intake.take(
            "From: nurse@x.org\nSubject: allergy\nMessage-ID: <n1@x>\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "Patient allergic to X=00 penicillin.\nKeep this line.\n")
        let body = try #require(try intake.ticket(1)?.messages?.first?.body)
        #expect(body == "Patient allergic to X\u{FFFD} penicillin.\nKeep this line.")
    }

    @Test func aForgedDisplayNameIsNotTheRequestersName() throws {
        let intake = try InProcessIntake()
        try intake.take(
            "From: =?utf-8?b?Y2VvQGNsaW5pYy5leGFtcGxlAA==?= <eve@evil.example>\nSubject: hi\nMessage-ID: <m1@x>\n\nx\n")
        let ticket = try #require(try intake.ticket(1))
        #expect(ticket.requester.email == "eve@evil.example")
        #expect(ticket.requester.name == "")
    }

    @Test func theTerminalSeesBidiAndC1ControlsEscaped() throws {
        let intake = try InProcessIntake()
        // "\u{202E}gnp.exe" in the subject, and a C1 CSI, as UTF-8 encoded words.
        try intake.take(
            "From: a@x.org\nSubject: =?utf-8?b?4oCuZ25wLmV4ZQ==?= =?utf-8?b?wpsybQ==?=\nMessage-ID: <t1@x>\n\nx\n")
        let ticket = try #require(try intake.ticket(1))
        for text in [TicketText.table([ticket]), TicketText.detail(ticket)] {
            #expect(text.contains("\\u{202E}gnp.exe"))
            #expect(!text.unicodeScalars.contains { $0.value == 0x202E || (0x80...0x9F).contains($0.value) })
        }
    }

    @Test func aMailOverTheParseDeadlineIsQuarantinedWithTheReason() throws {
        let intake = try InProcessIntake(extraYAML: "intake: { max_parse_time: 0s }\n")
        let outcome = try intake.take("From: a@x.org\nContent-Type: text/html\nMessage-ID: <d1@x>\n\n<p>x</p>\n")
        guard case .quarantined(let reason) = outcome else {
            Issue.record("expected quarantine, got \(outcome)")
            return
        }
        #expect(reason.contains("longer than"))
    }

    @Test func purgeLeavesNoTraceOfAClosedTicket() throws {
        let intake = try InProcessIntake()
        let big = String(repeating: String(repeating: "x", count: 999) + "\n", count: 1100)
        let longAgo = Date(timeIntervalSince1970: 1_700_000_000)
        try intake.take(
            "From: nora@x.org\nSubject: Jane Roe penicillin allergy\nMessage-ID: <big@x>\n\n" + big, at: longAgo)
        try intake.take("From: support@example.org\nSubject: loop\nMessage-ID: <own@x>\n\n" + big, at: longAgo)
        let raw = intake.runtime.configuration.resolvedRawDirectory
        func rawFiles() -> [String] {
            ((try? FileManager.default.subpathsOfDirectory(atPath: raw)) ?? []).filter { $0.hasSuffix(".eml") }
        }
        #expect(rawFiles().count == 2)
        try intake.runtime.store.write {
            try TicketChange(status: .closed).apply(
                to: 1, actor: "carol", at: longAgo, applier: intake.runtime.intake.applier, in: $0)
        }
        let report = try Retention(runtime: intake.runtime).purge(
            closedBefore: longAgo.addingTimeInterval(86_400), dryRun: false)
        #expect(report.tickets == 1 && report.quarantined == 1 && report.autoReplyLog == 1)
        #expect(rawFiles().isEmpty, "raw files of the purged mail and the old quarantined mail are gone")
        #expect(try intake.runtime.store.read { try $0.quarantineCount() } == 0)
        #expect(try intake.runtime.store.read { try $0.autoReplyCount(to: "nora@x.org", since: .distantPast) } == 0)
        #expect(try intake.runtime.store.read { try $0.autoRepliesInLastHour(at: longAgo) } == 0)
        let ticket = try #require(try intake.ticket(1))
        #expect(ticket.requester.email == "purged" && ticket.messages?.isEmpty == true)
        // The trail stays typed for reports: kinds, values, roles and times; people and text go.
        let events = try #require(ticket.events)
        #expect(events.first?.kind == .created && events.first?.role == .requester)
        #expect(events.first?.actor == "purged")
        let closing = try #require(events.first { $0.kind == .status })
        #expect(closing.from == "new" && closing.to == "closed" && closing.role == .operator && closing.at == longAgo)
        #expect(events.allSatisfy { $0.detail.isEmpty && !$0.actor.contains("@") })
        // The terms kept for storm detection go too (a patient's name and an allergy survived once).
        let terms = try intake.runtime.store.read { try $0.recentIncidents(since: .distantPast) }
        #expect(!terms.contains { $0.terms.contains("penicillin") || $0.terms.contains("jane") })
    }
}
