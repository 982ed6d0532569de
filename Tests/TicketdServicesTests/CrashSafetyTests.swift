import Foundation
import Testing
import TicketdCore
import TicketdMail
import TicketdServices
import TicketdStore
import TicketdTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// ARCHITECTURE.md "Crash safety", proven: `ticketd run` is killed with SIGKILL at random moments
/// and restarted; afterwards every mail is on exactly one ticket (or quarantined), no ticket is
/// duplicated, every acknowledgement went out, and nobody got two acknowledgements with different
/// Message-IDs. CI runs a short variant; `TICKETD_FULL_TESTS=1` the full one (2,000 mails, 20 kills).
@Suite struct CrashSafetyTests {
    @Test func killNineAtRandomMomentsLosesAndDuplicatesNothing() throws {
        let full = ProcessInfo.processInfo.environment["TICKETD_FULL_TESTS"] == "1"
        let count = full ? 2000 : 400
        let kills = full ? 20 : 6
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let config = harness.directory.file("ticketd.yaml")
        try
            (MailFlowHarness.yaml(
                dovecot: harness.dovecot, smtp: harness.smtp, directory: harness.directory, maxMessageSize: "25MB"
            )
            .replacingOccurrences(of: "  password_file:", with: "  poll_interval: 1s\n  password_file:"))
            .write(toFile: config, atomically: true, encoding: .utf8)
        try harness.deliver(MailCorpus.varied(count: count, senders: count, tag: "crash"))

        var generator = SystemRandomNumberGenerator()
        let log = harness.directory.file("daemon.log")
        for _ in 0..<kills {
            let pid = try ShellCommand.spawn(CommandLineTests.executable, ["run", "--config", config], outputPath: log)
            usleep(UInt32.random(in: 150_000...900_000, using: &generator))
            ShellCommand.stopChild(pid, signal: SIGKILL)
        }
        // A last, undisturbed run drains everything, then stops gracefully. (A SIGTERM in the
        // first milliseconds, before the service group has its handlers, ends the process by the
        // signal's default action, which systemd counts as a clean stop too; the test waits for
        // the daemon to be up so that it checks the graceful path.)
        let startsBefore = Self.starts(in: log)
        let pid = try ShellCommand.spawn(CommandLineTests.executable, ["run", "--config", config], outputPath: log)
        let deadline = Date().addingTimeInterval(180)
        while Self.starts(in: log) == startsBefore, Date() < deadline { usleep(50_000) }
        usleep(300_000)
        while Date() < deadline {
            let unsent = try harness.runtime.store.read { try $0.outboxSummary().unsent }
            if harness.dovecot.count(in: "INBOX") == 0 && unsent == 0 { break }
            usleep(200_000)
        }
        kill(pid, SIGTERM)
        #expect(ShellCommand.wait(pid) == 0, "SIGTERM should end the daemon with 0")

        let broken = MailCorpus.quarantined(count: count)
        #expect(harness.dovecot.count(in: "INBOX") == 0)
        #expect(harness.dovecot.count(in: "Processed") == count - broken)
        #expect(harness.dovecot.count(in: "Quarantine") == broken)
        let tickets = try harness.tickets()
        #expect(tickets.count == count - broken, "each mail is exactly one ticket")
        #expect(Set(tickets.map(\.requester.email)).count == tickets.count, "no ticket is duplicated")
        #expect(try harness.runtime.store.read { try $0.quarantineCount() } == broken)

        let received = harness.smtp.received()
        var idsByRecipient: [String: Set<String>] = [:]
        for mail in received {
            for recipient in mail.recipients {
                idsByRecipient[recipient, default: []].insert(mail.header("Message-ID") ?? "")
            }
        }
        #expect(idsByRecipient.count == count - broken, "every acknowledgement was sent")
        #expect(idsByRecipient.values.allSatisfy { $0.count == 1 }, "nobody got two different acknowledgements")
        let resends = received.count - idsByRecipient.values.reduce(0) { $0 + $1.count }
        print(
            "crash proof: \(count) mails, \(kills) kill -9, \(tickets.count) tickets, \(broken) quarantined, "
                + "\(received.count) mails sent, \(resends) same-Message-ID resends")
    }

    /// A crash leaves the batch in hand marked; the next run reads that mail one at a time, and a
    /// mail that was alone in hand at two crashes is quarantined unread while the rest flows.
    @Test func theMailInHandAtTwoCrashesIsQuarantinedAndTheRestFlows() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver(
            (1...5).map {
                Array("From: user\($0)@example.org\nSubject: s\($0)\nMessage-ID: <inhand\($0)@x>\n\nx\n".utf8)
            })
        let validity = try IMAPSession(endpoint: harness.runtime.imapEndpoint()).status().uidValidity
        let store = harness.runtime.store
        // A run died with the whole batch in hand, the next with UID 3 alone, the next again.
        try store.write { try $0.markInHand(mailbox: "INBOX", uidValidity: validity, uids: [1, 2, 3, 4, 5]) }
        for _ in 0..<2 {
            try store.write { session in
                try session.recordCrashesInHand(mailbox: "INBOX", uidValidity: validity)
                try session.markInHand(mailbox: "INBOX", uidValidity: validity, uids: [3])
            }
        }
        let report = try harness.poll()
        #expect(report.created == 4)
        #expect(report.quarantined == 1)
        let entry = try #require(try store.read { try $0.quarantineEntries() }.first)
        #expect(entry.uid == 3 && entry.reason.contains("stopped 3 times"))
        #expect(harness.dovecot.count(in: "INBOX") == 0)
        #expect(harness.dovecot.count(in: "Quarantine") == 1)
        #expect(try store.read { try $0.intakeSuspects(mailbox: "INBOX", uidValidity: validity) }.isEmpty)
    }

    @Test func afterOneCrashTheSuspectsAreReadAloneAndAllBecomeTickets() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver(
            (1...3).map { Array("From: user\($0)@example.org\nSubject: s\($0)\nMessage-ID: <once\($0)@x>\n\nx\n".utf8) }
        )
        let validity = try IMAPSession(endpoint: harness.runtime.imapEndpoint()).status().uidValidity
        try harness.runtime.store.write { try $0.markInHand(mailbox: "INBOX", uidValidity: validity, uids: [1, 2, 3]) }
        let report = try harness.poll()
        #expect(report.created == 3 && report.quarantined == 0)
    }

    static func starts(in log: String) -> Int {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").components(separatedBy: "ticketd running").count - 1
    }
}
