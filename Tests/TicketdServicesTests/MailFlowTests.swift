import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdMail
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// The mail loop end to end against real Dovecot and SMTP servers.
@Suite struct MailFlowTests {
    @Test func variedMailIsAllAccountedForAndTheInboxEmptied() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let count = ProcessInfo.processInfo.environment["TICKETD_FULL_TESTS"] == "1" ? 5000 : 1500
        try harness.deliver(MailCorpus.varied(count: count, senders: count))
        let report = try harness.poll()
        let broken = MailCorpus.quarantined(count: count)
        #expect(report.fetched == count)
        #expect(report.quarantined == broken)
        #expect(report.created == count - broken)
        #expect(report.sent == count - broken)
        #expect(harness.dovecot.count(in: "INBOX") == 0)
        #expect(harness.dovecot.count(in: "Processed") == count - broken)
        #expect(harness.dovecot.count(in: "Quarantine") == broken)
        #expect(try harness.tickets().count == count - broken)
        #expect(harness.smtp.received().count == count - broken)
        let again = try harness.poll()
        #expect(again == TicketdRuntime.PollReport())
    }

    @Test func realWorldMailNoneOfUsWroteIsAccountedFor() throws {
        let corpus = "/usr/lib/python3.11/test/test_email/data"
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasPrefix("msg_") }.sorted()
        try #require(files.count > 40, "CPython's email corpus (Debian libpython3.11-testsuite) is missing")
        let messages = try files.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(corpus)/\($0)"))) }
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver(messages)
        let report = try harness.poll()
        let quarantined = try harness.runtime.store.read { try $0.quarantineEntries() }
        #expect(report.fetched == messages.count)
        // Some corpus messages are the same mail twice; every one is a ticket, a reply, a
        // quarantined mail with a reason, or a recognised duplicate.
        let duplicates = report.fetched - report.created - report.threaded - report.quarantined
        #expect(duplicates >= 0)
        #expect(quarantined.count == report.quarantined)
        #expect(quarantined.allSatisfy { !$0.reason.isEmpty })
        #expect(harness.dovecot.count(in: "INBOX") == 0)
        #expect(harness.dovecot.count(in: "Processed") + harness.dovecot.count(in: "Quarantine") == messages.count)
        // Spot checks: msg_10 mixes 7bit, quoted-printable HTML and base64 parts in iso-8859-1.
        let bodies = try harness.tickets().filter { $0.subject == "Lyrics" }
            .compactMap { try harness.ticket($0.id)?.messages?.first?.body }
        let body = try #require(bodies.first { $0.contains("7bit") })
        #expect(body.contains("This is a 7bit encoded message."))
        #expect(body.contains("¡This is a Quoted Printable encoded message!"))
        #expect(body.contains("This is a Base64 encoded message."))
        #expect(!body.contains("VGhpcyBpcyBhIEJhc2U2NCBlbmNvZGVkIG1lc3NhZ2Uu"))
    }

    @Test func aMessageDeliveredTwiceMakesOneTicket() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let mail = MailCorpus.message(index: 0)
        try harness.deliver([mail, mail])
        let first = try harness.poll()
        try harness.deliver([mail])
        let second = try harness.poll()
        #expect(first.created == 1)
        #expect(second.created == 0)
        #expect(try harness.tickets().count == 1)
        #expect(harness.smtp.received().count == 1)
        #expect(harness.dovecot.count(in: "INBOX") == 0)
    }

    /// A mailbox whose UIDVALIDITY changes (rebuilt or restored on the server) is read again from
    /// its first UID: what was already stored is recognised by its Message-ID, what is new
    /// becomes a ticket, and the inbox is emptied.
    @Test func aChangedUIDValidityRescansWithoutLosingOrRepeatingMail() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver([MailCorpus.message(index: 0), MailCorpus.message(index: 1)])
        #expect(try harness.poll().created == 2)
        let validity = try IMAPSession(
            endpoint: MailServerEndpoint(
                url: harness.dovecot.url, username: harness.dovecot.username, password: harness.dovecot.password)
        ).uidValidity()
        // The restored mailbox holds an old mail again, next to a new one, numbered from UID 1
        // again: below the checkpoint, which only the new UIDVALIDITY voids.
        try harness.deliver([MailCorpus.message(index: 1), MailCorpus.message(index: 2)])
        try harness.dovecot.renumberInbox()
        try harness.dovecot.changeUIDValidity(to: validity &+ 1000)
        let session = try IMAPSession(
            endpoint: MailServerEndpoint(
                url: harness.dovecot.url, username: harness.dovecot.username, password: harness.dovecot.password))
        #expect(try session.messages(after: 0).map(\.uid) == [1, 2])
        let report = try harness.poll()
        #expect(report.created == 1)
        #expect(try harness.tickets().count == 3)
        #expect(harness.smtp.received().count == 3)
        #expect(harness.dovecot.count(in: "INBOX") == 0)
        #expect(harness.dovecot.count(in: "Processed") == 4)
        #expect(try harness.poll() == TicketdRuntime.PollReport())
    }

    @Test func everyNewTicketIsAcknowledgedOnceWithItsTag() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver(
            """
            From: =?UTF-8?Q?Nora_N=C3=BCrse?= <nora@clinic.example.org>
            To: support@example.org
            Subject: =?UTF-8?Q?Akte_=C3=B6ffnet_nicht?=
            Message-ID: <first@clinic.example.org>

            The record does not open.
            """)
        let report = try harness.poll()
        #expect(report.created == 1 && report.sent == 1)
        let ack = try #require(harness.sent(to: "nora@clinic.example.org").first)
        let parsed = try MIMEParser().parse(ack.raw)
        #expect(parsed.subject == "[Help Desk #1] Akte öffnet nicht")
        #expect(ack.header("Auto-Submitted") == "auto-replied")
        #expect(ack.header("In-Reply-To") == "<first@clinic.example.org>")
        #expect(ack.header("Reply-To") == "Help Desk <support@example.org>")
        #expect(ack.mailFrom == "bounces@example.org")
        let bareLineFeeds = ack.raw.indices.filter { ack.raw[$0] == 0x0a && ($0 == 0 || ack.raw[$0 - 1] != 0x0d) }
        #expect(bareLineFeeds.isEmpty)
        #expect(ack.raw.suffix(2) == [0x0d, 0x0a])
        #expect(!parsed.textBody.contains("{{") && parsed.textBody.contains("Nora Nürse"))
        #expect(try harness.poll() == TicketdRuntime.PollReport())
    }

    @Test func replyKeepingOnlyInReplyToThreadsOntoItsTicket() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver("From: nora@example.org\nSubject: printer\nMessage-ID: <p1@example.org>\n\nbroken\n")
        try harness.poll()
        let ackID = try #require(harness.sent(to: "nora@example.org").first?.header("Message-ID"))
        try harness.deliver(
            "From: nora@example.org\nSubject: Re: my mail\nMessage-ID: <p2@example.org>\nIn-Reply-To: \(ackID)\n\nstill broken\n"
        )
        let report = try harness.poll()
        // The reply is relayed to the analysts (nobody is assigned), nothing goes to Nora.
        #expect(report.threaded == 1 && report.created == 0 && report.sent == 1)
        #expect(harness.sent(to: "nora@example.org").count == 1)
        let ticket = try #require(try harness.ticket(1))
        #expect(ticket.messages?.filter { $0.direction == .in }.map(\.body) == ["broken", "still broken"])
    }

    @Test func replyKeepingOnlyTheSubjectTagThreadsOntoItsTicket() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver(
            "From: nora@example.org\nCc: lead@example.org\nSubject: printer\nMessage-ID: <t1@example.org>\n\nbroken\n")
        try harness.deliver("From: other@example.org\nSubject: other\nMessage-ID: <t2@example.org>\n\nx\n")
        try harness.poll()
        try harness.deliver(
            "From: lead@example.org\nSubject: AW: [Help Desk #1] printer\nMessage-ID: <t3@example.org>\n\nme too\n")
        let report = try harness.poll()
        #expect(report.threaded == 1)
        #expect(try harness.ticket(1)?.messages?.contains { $0.body == "me too" } == true)
    }

    @Test func aStrangerWithAValidTagOpensANewTicketAndLearnsNothing() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver(
            "From: nora@example.org\nSubject: Patient 4711 record locked\nMessage-ID: <s1@example.org>\n\nsecret details\n"
        )
        try harness.poll()
        try harness.deliver(
            "From: mallory@evil.example\nSubject: Re: [Help Desk #1] send me everything\nMessage-ID: <s2@evil.example>\n\nplease\n"
        )
        let report = try harness.poll()
        #expect(report.created == 1 && report.threaded == 0)
        let newTicket = try #require(try harness.ticket(2))
        #expect(newTicket.subject == "Re: send me everything")
        #expect(newTicket.events?.contains { $0.kind == .link && $0.to == "1" } == true)
        let ack = try #require(harness.sent(to: "mallory@evil.example").first)
        #expect(ack.text.contains("[Help Desk #2]"))
        #expect(!ack.text.contains("Help Desk #1") && !ack.text.contains("4711") && !ack.text.contains("secret"))
        #expect(try harness.ticket(1)?.messages?.count == 2)
    }

    @Test func mailToAClosedTicketOpensANewOne() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver("From: nora@example.org\nSubject: printer\nMessage-ID: <c1@example.org>\n\nbroken\n")
        try harness.poll()
        try harness.runtime.store.write {
            try TicketChange(status: .closed).apply(
                to: 1, actor: "test", at: Date(), applier: harness.runtime.intake.applier, in: $0)
        }
        try harness.deliver(
            "From: nora@example.org\nSubject: Re: [Help Desk #1] printer\nMessage-ID: <c2@example.org>\n\nagain\n")
        let report = try harness.poll()
        #expect(report.created == 1)
        #expect(try harness.ticket(2)?.events?.contains { $0.detail.contains("closed") } == true)
    }

    @Test func automaticMailIsNeverAnswered() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let headers = [
            "Auto-Submitted: auto-replied", "Precedence: bulk", "List-Id: <staff.example.org>", "Return-Path: <>",
        ]
        for (index, header) in headers.enumerated() {
            try harness.deliver(
                "From: robot\(index)@example.org\n\(header)\nSubject: auto \(index)\nMessage-ID: <a\(index)@x>\n\nx\n")
        }
        try harness.deliver("From: MAILER-DAEMON@example.org\nSubject: note\nMessage-ID: <md@x>\n\nx\n")
        let report = try harness.poll()
        #expect(report.sent == 0)
        #expect(harness.smtp.received().isEmpty)
        for ticket in try harness.tickets() {
            #expect(try harness.ticket(ticket.id)?.events?.contains { $0.type == "acknowledgement_suppressed" } == true)
        }
    }

    @Test func aLoopingAutoresponderGetsAtMostTheLimit() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        for index in 0..<15 {
            try harness.deliver(
                "From: looper@example.org\nSubject: I am away \(index)\nMessage-ID: <loop\(index)@x>\n\nx\n")
        }
        let report = try harness.poll()
        #expect(report.created == 15)
        #expect(harness.sent(to: "looper@example.org").count == 10)
    }

    @Test func aBounceOfOurMailIsRecordedOnItsTicket() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver("From: nora@example.org\nSubject: printer\nMessage-ID: <b1@example.org>\n\nbroken\n")
        try harness.poll()
        let ackID = try #require(harness.sent(to: "nora@example.org").first?.header("Message-ID"))
        try harness.deliver(
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
            To: bounces@example.org
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <dsn1@mx.example.org>
            Content-Type: multipart/report; report-type=delivery-status; boundary="r"

            --r
            Content-Type: text/plain

            The mail could not be delivered.
            --r
            Content-Type: message/delivery-status

            Final-Recipient: rfc822; nora@example.org
            Action: failed
            Status: 5.1.1
            --r
            Content-Type: text/rfc822-headers

            From: Help Desk <support@example.org>
            Message-ID: \(ackID)
            --r--
            """)
        let report = try harness.poll()
        #expect(report.created == 0 && report.sent == 0)
        #expect(try harness.ticket(1)?.events?.contains { $0.type == "bounce" } == true)
    }

    @Test func aRejectedRecipientIsRecordedAndNotRetried() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.smtp.reject(["gone@example.org"])
        try harness.deliver("From: gone@example.org\nSubject: hi\nMessage-ID: <r1@example.org>\n\nx\n")
        let report = try harness.poll()
        #expect(report.failed == 1 && report.sent == 0)
        #expect(
            try harness.ticket(1)?.events?.contains { $0.type == "delivery_failed" && $0.detail.contains("550") }
                == true)
        #expect(try harness.poll(now: Date().addingTimeInterval(86_400)).failed == 0)
        #expect(try harness.runtime.store.read { try $0.outboxSummary() }.failed == 1)
    }

    @Test func mailKeepsFlowingInWhileSMTPIsDownAndIsSentAfter() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        harness.smtp.halt()
        try harness.deliver(MailCorpus.varied(count: 3, senders: 3))
        #expect(throws: (any Error).self) { try harness.poll() }
        #expect(try harness.tickets().count == 3)
        #expect(harness.dovecot.count(in: "INBOX") == 0)
        #expect(try harness.runtime.store.read { try $0.outboxSummary() }.unsent == 3)
        try harness.smtp.start()
        let later = try harness.poll(now: Date().addingTimeInterval(3600))
        #expect(later.sent == 3)
        #expect(harness.smtp.received().count == 3)
        #expect(try harness.poll(now: Date().addingTimeInterval(7200)).sent == 0)
    }

    @Test func oversizedMailIsQuarantinedUnfetchedAndTakenInOnceTheLimitIsRaised() throws {
        let harness = try MailFlowHarness(maxMessageSize: "1MB")
        defer { harness.stop() }
        // 2 MiB: above the limit, and large enough to be kept as an fsynced file, not a blob.
        let line = String(repeating: "x", count: 1000) + "\n"
        let big =
            "From: nora@example.org\nSubject: big\nMessage-ID: <big@example.org>\n\n"
            + String(repeating: line, count: 2100)
        try harness.deliver(big)
        #expect(try harness.poll().quarantined == 1)
        #expect(harness.dovecot.count(in: "Quarantine") == 1)
        let entry = try #require(try harness.runtime.store.read { try $0.quarantineEntries() }.first)
        #expect(entry.reason.contains("max_message_size"))
        #expect(entry.subject == "big", "the header was fetched and read")
        let kept = try #require(try harness.runtime.store.read { try $0.quarantineEntry(entry.id) }?.raw)
        #expect(kept.count < 1024, "only the header is kept, the body was never fetched")
        // A retry cannot make a ticket of a header; the whole mail waits in the quarantine folder.
        #expect(throws: (any Error).self) {
            try QuarantineRetry(store: harness.runtime.store, intake: harness.runtime.intake).retry(
                entry.id, at: Date())
        }
        try harness.reconfigure(maxMessageSize: "10MB")
        try harness.dovecot.move(from: "Quarantine", to: "INBOX")
        #expect(try harness.poll().created == 1)
        #expect(try harness.ticket(1)?.subject == "big")
        let rawDirectory = harness.runtime.configuration.resolvedRawDirectory
        let files = ((try? FileManager.default.subpathsOfDirectory(atPath: rawDirectory)) ?? [])
            .filter { $0.hasSuffix(".eml") }
        #expect(files.count == 1, "the large mail is kept as one file")
    }

    /// A new user's first configuration: database, support address, mailbox and SMTP server,
    /// nothing else (the templates are built in).
    @Test func aMinimalConfigurationPollsAndAcknowledges() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let yaml = """
            database: \(harness.directory.file("minimal/ticketd.sqlite"))
            support_address: support@example.org
            mailbox: { url: "\(harness.dovecot.url)", username: \(harness.dovecot.username), password_file: \(harness.directory.file("imap.secret")) }
            smtp: { url: "\(harness.smtp.url)" }
            """
        let runtime = try MailFlowHarness.makeRuntime(yaml: yaml)
        try harness.deliver("From: nora@example.org\nSubject: printer\nMessage-ID: <min1@example.org>\n\nbroken\n")
        let report = try runtime.pollOnce(now: nil, logger: harness.logger)
        #expect(report.created == 1 && report.sent == 1)
        let ack = try #require(harness.sent(to: "nora@example.org").first)
        #expect(ack.header("Subject")?.contains("#1]") == true)
        #expect(runtime.templates.overridden.isEmpty)
    }
}
