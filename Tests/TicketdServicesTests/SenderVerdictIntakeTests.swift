import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdStore

/// The attacks on identity, driven in-process with each mail as the receiving server stores it
/// (its `Authentication-Results` on top): forged analysts, unverified requesters, reply tokens,
/// automatic mail from analysts, quoted commands.
@Suite struct SenderVerdictIntakeTests {
    static let mx = MailFlowHarness.authservID
    static let analysts = """
          - { name: carol, email: carol@example.org, tier: 1, auth_id: carol.w }
          - { name: marsha, email: marsha@example.org, tier: 1 }
        """

    /// A hospital's setup: DMARC decides, the domain is shared with every nurse.
    static func desk() throws -> InProcessIntake {
        try InProcessIntake(
            extraYAML: "sla:\n  medium: { first_response: 1d, resolution: 5d }\n", analysts: analysts,
            trust: "{ authserv_id: \(mx) }")
    }

    static func result(_ dmarc: String, domain: String, extra: String = "") -> String {
        "Authentication-Results: \(mx);\(extra) dmarc=\(dmarc) header.from=\(domain)"
    }

    static func mail(
        _ id: String, from: String, subject: String, body: String, top: [String], more: [String] = []
    ) -> String {
        (top + ["From: \(from)", "To: support@example.org", "Subject: \(subject)", "Message-ID: <\(id)>"] + more
            + ["", body]).joined(separator: "\n")
    }

    /// Keisha's ticket #1, verified, and carol's assignment notice's Message-ID (her reply token).
    static func openTicket(_ desk: InProcessIntake) throws -> String {
        try desk.take(
            mail(
                "k1@clinic.example", from: "Keisha <keisha@clinic.example>", subject: "Cannot open patient record",
                body: "The record viewer fails.", top: [result("pass", domain: "clinic.example")]))
        try desk.runtime.store.write { session in
            _ = try desk.runtime.intake.applier.change(
                1, TicketChangeRequest(assignee: "carol", reason: "test"), by: .system, at: Date(), in: session)
        }
        let notice = try #require(try desk.queuedMails().last { $0.recipients == ["carol@example.org"] })
        return notice.messageID
    }

    /// A flood of replies on one ticket (a requester's auto-responder without headers, an
    /// angry loop) reaches the assignee `notice_limit.relays_per_ticket_sender_per_hour` times an
    /// hour; every mail is kept on the ticket, the trail says why the rest was not relayed.
    @Test func relaysAreCappedPerTicketAndSender() throws {
        let desk = try Self.desk()
        _ = try Self.openTicket(desk)
        let before = try desk.queuedMails().filter { $0.kind == "relay" }.count
        let limit = desk.runtime.configuration.noticeLimit.relaysPerTicketSenderPerHour
        for number in 1...(limit + 3) {
            try desk.take(
                Self.mail(
                    "k\(number + 1)@clinic.example", from: "Keisha <keisha@clinic.example>",
                    subject: "Re: [Help Desk #1] Cannot open patient record", body: "Still broken, try \(number).",
                    top: [Self.result("pass", domain: "clinic.example")]))
        }
        let relays = try desk.queuedMails().filter { $0.kind == "relay" }
        #expect(relays.count - before == limit)
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.messages?.filter { $0.direction == .in }.count == limit + 4)
        #expect(ticket.events?.filter { $0.detail.hasPrefix("not relayed:") }.count == 3)
    }

    /// With `trust.plus_addressing`, each analyst's assignment notice (never the pager's copy)
    /// and digest name their personal command address; a new mail to it with `#for` opens the
    /// ticket for the user, as the same mail to the plain support address or to another analyst's
    /// address does not; on a reply it proves nothing.
    @Test func aPersonalCommandAddressProvesANewMail() throws {
        let desk = try InProcessIntake(
            extraYAML: "sla:\n  medium: { first_response: 1d, resolution: 5d }\n",
            analysts: """
                  - { name: carol, email: carol@example.org, tier: 1, pager: carol-sms@sms.example.org }
                  - { name: marsha, email: marsha@example.org, tier: 1 }
                """, trust: "{ authserv_id: \(Self.mx), plus_addressing: true }")
        let tokens = try #require(desk.runtime.intake.composer.replyTokens)
        let carolAddress = try #require(tokens.commandAddress(for: "carol@example.org", support: "support@example.org"))
        let marshaAddress = try #require(
            tokens.commandAddress(for: "marsha@example.org", support: "support@example.org"))
        try desk.take(
            Self.mail(
                "k1@clinic.example", from: "Keisha <keisha@clinic.example>", subject: "Ventilator alarm log",
                body: "The ventilator log is gone.", top: [Self.result("pass", domain: "clinic.example")]))
        try desk.runtime.store.write { session in
            _ = try desk.runtime.intake.applier.change(
                1, TicketChangeRequest(priority: .high, assignee: "carol", reason: "test"), by: .system, at: Date(),
                in: session)
        }
        let notices = try desk.queuedMails().filter { $0.kind == "assignment" }
        let toCarol = try #require(notices.first { $0.recipients == ["carol@example.org"] })
        #expect(try MIMEParser().parse(toCarol.raw).textBody.contains("\n    \(carolAddress)\n"))
        let toPager = try #require(notices.first { $0.recipients == ["carol-sms@sms.example.org"] })
        #expect(!String(decoding: toPager.raw, as: UTF8.self).contains("support+c"))

        func forMail(_ id: String, to: String) -> String {
            Self.mail(
                id, from: "Carol <carol@example.org>", subject: "Printer for Nora",
                body: "#for nora@clinic.example\nThe ward 3 printer jams.",
                top: [Self.result("pass", domain: "example.org")]
            ).replacingOccurrences(of: "To: support@example.org", with: "To: \(to)")
        }
        try desk.take(forMail("c1@example.org", to: carolAddress))
        let opened = try #require(
            try HelpDesk(runtime: desk.runtime).tickets().first { $0.subject == "Printer for Nora" })
        #expect(opened.requester.email == "nora@clinic.example")
        for (id, address) in [("c2@example.org", "support@example.org"), ("c3@example.org", marshaAddress)] {
            try desk.take(forMail(id, to: address))
        }
        let others = try HelpDesk(runtime: desk.runtime).tickets().filter { $0.subject == "Printer for Nora" }
        #expect(others.filter { $0.requester.email == "nora@clinic.example" }.count == 1)
        #expect(others.filter { $0.requester.email == "carol@example.org" }.count == 2)
        // On a reply without carol's reply token, her personal address proves nothing.
        try desk.take(
            Self.mail(
                "c4@example.org", from: "Carol <carol@example.org>", subject: "Re: [Help Desk #1] Ventilator alarm log",
                body: "#status closed", top: [Self.result("pass", domain: "example.org")]
            ).replacingOccurrences(of: "To: support@example.org", with: "To: \(carolAddress)"))
        #expect(try desk.ticket(1)?.status != .closed)
    }

    @Test func aSecondFromAboveStaffMailMakesNobodyAnAnalyst() throws {
        let desk = try Self.desk()
        let token = try Self.openTicket(desk)
        // The attacker puts `From: carol` above a DKIM-signed mail of a nurse of the same domain,
        // even naming carol's token: two From fields prove nothing.
        try desk.take(
            Self.mail(
                "x1@example.org", from: "carol@example.org", subject: "Re: [Help Desk #1] record",
                body: "#status closed\n#priority low", top: [Self.result("pass", domain: "example.org")],
                more: ["From: nurse@example.org", "In-Reply-To: <\(token)>"]))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.status != .closed)
        #expect(ticket.priority == .medium)
        // Not a participant either: its own ticket, which says why.
        let opened = try #require(try desk.ticket(2))
        #expect(opened.events?.contains { $0.kind == .analystUnproven && $0.detail.contains("2 From fields") } == true)
    }

    @Test func aDomainPassWithoutMailboxProofIsAnyonesMail() throws {
        let desk = try Self.desk()
        _ = try Self.openTicket(desk)
        try desk.take(
            Self.mail(
                "x2@example.org", from: "carol@example.org", subject: "Re: [Help Desk #1] record",
                body: "#status closed", top: [Self.result("pass", domain: "example.org")]))
        #expect(try desk.ticket(1)?.status != .closed)
        // Not a participant: the mail opened a ticket of its own that refers to #1, and says why.
        let opened = try #require(try desk.ticket(2))
        #expect(
            opened.events?.contains { $0.kind == .analystUnproven && $0.detail.contains("not the mailbox") } == true)
    }

    @Test func carolsReplyToHerNoticeProvesHerOnThatTicketOnly() throws {
        let desk = try Self.desk()
        let token = try Self.openTicket(desk)
        #expect(ReplyToken.looksLikeToken(token))
        try desk.take(
            Self.mail(
                "c1@example.org", from: "Carol <carol@example.org>", subject: "Re: [Help Desk #1] record",
                body: "#priority high\nPlease restart the viewer.", top: [Self.result("pass", domain: "example.org")],
                more: ["In-Reply-To: <\(token)>"]))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.priority == .high)
        // The relay to Keisha names the thread but never carol's token.
        let relay = try #require(try desk.queuedMails().last { $0.recipients == ["keisha@clinic.example"] })
        let parsed = try MIMEParser().parse(relay.raw)
        #expect(!(parsed.references + parsed.inReplyTo).isEmpty)
        #expect(!(parsed.references + parsed.inReplyTo).contains(where: ReplyToken.looksLikeToken))
        // The same token on another ticket proves nothing there.
        try desk.take(
            Self.mail(
                "k2@clinic.example", from: "Keisha <keisha@clinic.example>", subject: "Printer", body: "Jammed.",
                top: [Self.result("pass", domain: "clinic.example")]))
        try desk.take(
            Self.mail(
                "c2@example.org", from: "Carol <carol@example.org>", subject: "Re: [Help Desk #2] Printer",
                body: "#status closed", top: [Self.result("pass", domain: "example.org")],
                more: ["In-Reply-To: <\(token)>"]))
        #expect(try desk.ticket(2)?.status != .closed)
    }

    @Test func smtpAuthNamingTheAnalystProvesHer() throws {
        let desk = try Self.desk()
        _ = try Self.openTicket(desk)
        try desk.take(
            Self.mail(
                "c3@example.org", from: "carol@example.org", subject: "Re: [Help Desk #1] record",
                body: "#priority low",
                top: [Self.result("pass", domain: "example.org", extra: " auth=pass smtp.auth=carol.w;")]))
        #expect(try desk.ticket(1)?.priority == .low)
        // Somebody else's authenticated submission in carol's name does not.
        try desk.take(
            Self.mail(
                "c4@example.org", from: "carol@example.org", subject: "Re: [Help Desk #1] record",
                body: "#priority high",
                top: [Self.result("pass", domain: "example.org", extra: " auth=pass smtp.auth=nurse;")]))
        #expect(try desk.ticket(1)?.priority == .low)
    }

    @Test func aForgedRequesterResolvesRatesAndReopensNothing() throws {
        let desk = try Self.desk()
        _ = try Self.openTicket(desk)
        let forged = [Self.result("fail", domain: "clinic.example")]
        try desk.take(
            Self.mail(
                "f1@evil.example", from: "keisha@clinic.example", subject: "Re: [Help Desk #1] record",
                body: "solved, thanks", top: forged))
        var ticket = try #require(try desk.ticket(1))
        #expect(ticket.status != .resolved)
        #expect(ticket.events?.contains { $0.kind == .senderUnverified } == true)
        #expect(ticket.messages?.last { $0.direction == .in }?.senderVerdict == .fail)
        // Resolved by carol, a forged rating and a forged reopening do nothing.
        try desk.runtime.store.write { session in
            _ = try desk.runtime.intake.applier.change(
                1, TicketChangeRequest(status: .resolved, reason: "fixed"), by: .system, at: Date(), in: session)
        }
        try desk.take(
            Self.mail(
                "f2@evil.example", from: "keisha@clinic.example", subject: "Re: [Help Desk #1] record",
                body: "1 terrible", top: forged))
        try desk.take(
            Self.mail(
                "f3@evil.example", from: "keisha@clinic.example", subject: "Re: [Help Desk #1] record",
                body: "It is broken again", top: forged))
        ticket = try #require(try desk.ticket(1))
        #expect(ticket.status == .resolved)
        #expect(ticket.events?.contains { $0.kind == .satisfaction } == false)
    }

    @Test func aForgedNewTicketAddsNoWatchersAndGetsNoAcknowledgement() throws {
        let desk = try Self.desk()
        try desk.take(
            Self.mail(
                "f4@evil.example", from: "keisha@clinic.example", subject: "Reset my password",
                body: "Please mail the new one.", top: [Self.result("fail", domain: "clinic.example")],
                more: ["Cc: attacker@evil.example"]))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.watchers.isEmpty)
        #expect(try desk.queuedMails().contains { $0.kind == "acknowledgement" } == false)
        #expect(
            ticket.events?.contains {
                $0.kind == .acknowledgementSuppressed && $0.detail.contains("unverified sender")
            } == true)
    }

    @Test func anAnalystsOutOfOfficeIsStoredAsAutomaticAndDoesNothing() throws {
        let desk = try Self.desk()
        let token = try Self.openTicket(desk)
        let before = try desk.queuedMails().count
        try desk.take(
            Self.mail(
                "ooo@example.org", from: "carol@example.org", subject: "Automatic reply: [Help Desk #1] record",
                body: "#status closed\nI am away until Monday.", top: [Self.result("pass", domain: "example.org")],
                more: ["In-Reply-To: <\(token)>", "Auto-Submitted: auto-replied"]))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.status != .closed)
        #expect(ticket.messages?.last { $0.direction == .in }?.kind == .auto)
        #expect(try desk.queuedMails().count == before)
        #expect(ticket.sla?.first { $0.name == "first_response" }?.state == .running)
    }

    @Test func aReplyThatIsAllQuoteRunsNoCommands() throws {
        let desk = try Self.desk()
        let token = try Self.openTicket(desk)
        try desk.take(
            Self.mail(
                "q1@example.org", from: "carol@example.org", subject: "Re: [Help Desk #1] record",
                body:
                    "<html><body><blockquote type=\"cite\">#status closed<br>#priority low</blockquote></body></html>",
                top: [Self.result("pass", domain: "example.org")],
                more: ["In-Reply-To: <\(token)>", "MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8"]))
        let ticket = try #require(try desk.ticket(1))
        #expect(ticket.status != .closed)
        #expect(ticket.priority == .medium)
        #expect(ticket.messages?.last { $0.direction == .in }?.kind == .internal)
        #expect(
            try desk.queuedMails().contains { $0.recipients == ["keisha@clinic.example"] && $0.kind == "relay" }
                == false)
    }

    @Test func anOutOfOfficeThatAnswersNothingOpensNoTicketUntilRetried() throws {
        let desk = try Self.desk()
        let outcome = try desk.take(
            Self.mail(
                "ooo2@example.org", from: "marsha@example.org", subject: "Out of Office: lunch menu",
                body: "I am away.", top: [Self.result("pass", domain: "example.org")]))
        guard case .quarantined(let reason) = outcome else {
            Issue.record("expected quarantine, got \(outcome)")
            return
        }
        #expect(reason.contains("belongs to no ticket"))
        #expect(try desk.ticket(1) == nil)
        #expect(try desk.queuedMails().isEmpty)
        let entry = try #require(try desk.runtime.store.read { try $0.quarantineEntries() }.first)
        let retried = try QuarantineRetry(store: desk.runtime.store, intake: desk.runtime.intake)
            .retry(entry.id, at: Date())
        #expect(retried == .created(ticketID: 1))
    }
}
