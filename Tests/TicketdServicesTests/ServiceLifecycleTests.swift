import Foundation
import Testing
import TicketdServices
import TicketdStore
import TicketdTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `ticketd run` as systemd runs it: notifications, SIGHUP, SIGTERM, servers going away.
@Suite struct ServiceLifecycleTests {
    /// A daemon process over a harness, with its log.
    final class Daemon {
        let harness: MailFlowHarness
        let config: String
        let log: String
        var pid: pid_t = 0

        /// `umask` runs the daemon under that file mode mask, as systemd's `UMask=` does.
        init(
            harness: MailFlowHarness, extraYAML: String = "", environment: [String: String] = [:],
            umask: String? = nil, mailbox: String = "poll_interval: 1s"
        ) throws {
            self.harness = harness
            config = harness.directory.file("ticketd.yaml")
            log = harness.directory.file("daemon.log")
            try
                (MailFlowHarness.yaml(
                    dovecot: harness.dovecot, smtp: harness.smtp, directory: harness.directory, maxMessageSize: "25MB"
                )
                .replacingOccurrences(of: "  password_file:", with: "  \(mailbox)\n  password_file:") + extraYAML)
                .write(toFile: config, atomically: true, encoding: .utf8)
            let arguments = ["run", "--config", config]
            let (program, programArguments) =
                umask.map {
                    ("/bin/sh", ["-c", "umask \($0) && exec \"$0\" \"$@\"", CommandLineTests.executable] + arguments)
                }
                ?? (CommandLineTests.executable, arguments)
            pid = try ShellCommand.spawn(
                program, programArguments, outputPath: log,
                environment: environment.merging(["TICKETD_LOG_LEVEL": "info"]) { $1 })
            try waitFor("the daemon to start") { self.output.contains("ticketd running") }
            usleep(300_000)
        }

        var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        deinit {
            // A test that failed half-way must not leave a daemon behind.
            if pid > 0 { ShellCommand.stopChild(pid, signal: SIGKILL) }
        }

        /// SIGTERM, then the exit status and how long the exit took.
        func terminate() -> (status: Int32, seconds: Double) {
            let began = Date()
            kill(pid, SIGTERM)
            let status = ShellCommand.wait(pid)
            pid = 0
            return (status, Date().timeIntervalSince(began))
        }
    }

    static func waitFor(_ what: String, timeout: TimeInterval = 60, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            usleep(100_000)
        }
        throw TestServerError("timed out waiting for \(what)")
    }

    @Test func systemdHearsReadyStatusWatchdogReloadingAndStopping() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let listener = try NotifySocketListener(in: harness.directory)
        defer { listener.stop() }
        let daemon = try Daemon(
            harness: harness,
            environment: ["NOTIFY_SOCKET": listener.socket, "WATCHDOG_USEC": "400000", "JOURNAL_STREAM": "8:1234"])
        func messages() -> String { listener.messages }
        try Self.waitFor("READY=1 and a watchdog ping") {
            messages().contains("READY=1") && messages().contains("WATCHDOG=1")
        }
        try harness.deliver("From: nora@example.org\nSubject: s\nMessage-ID: <life1@x>\n\nbody\n")
        try Self.waitFor("a STATUS after a poll") {
            messages().contains("STATUS=last poll") && messages().contains("fetched 1")
        }
        kill(daemon.pid, SIGHUP)
        try Self.waitFor("RELOADING=1") { messages().contains("RELOADING=1") }
        let (status, seconds) = daemon.terminate()
        #expect(status == 0)
        #expect(seconds < 5)
        try Self.waitFor("STOPPING=1") { messages().contains("STOPPING=1") }
        #expect(daemon.output.contains("<5>ticketd: ticketd running"), "journald priority prefix")
        #expect(daemon.output.contains("<6>ticketd: ticket created"))
        #expect(daemon.output.contains("service=poller"), "the service is metadata, not a label")
        #expect(!daemon.output.contains("body"), "no message bodies in the log")
    }

    @Test func aBadConfigurationOnSIGHUPIsRefusedAndTheOldOneKept() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let daemon = try Daemon(harness: harness)
        let good = try String(contentsOfFile: daemon.config, encoding: .utf8)
        try (good + "sla:\n  critical: { first_response: 15x }\n").write(
            toFile: daemon.config, atomically: true, encoding: .utf8)
        kill(daemon.pid, SIGHUP)
        try Self.waitFor("the refusal") { daemon.output.contains("reload refused") }
        #expect(daemon.output.contains("sla.critical.first_response"))
        try harness.deliver("From: nora@example.org\nSubject: still working\nMessage-ID: <life2@x>\n\nx\n")
        try Self.waitFor("the mail to be handled with the old configuration") { harness.smtp.receivedCount() == 1 }
        #expect(daemon.terminate().status == 0)
    }

    /// A reload keeps the open database: a configuration naming another `database:` is refused
    /// with a line naming the key, and the daemon goes on with the store it has.
    @Test func aReloadThatMovesTheDatabaseIsRefused() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let daemon = try Daemon(harness: harness)
        let good = try String(contentsOfFile: daemon.config, encoding: .utf8)
        let moved = good.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("database:")
                ? "database: \(harness.directory.file("elsewhere/ticketd.sqlite"))" : String(line)
        }.joined(separator: "\n")
        #expect(moved != good)
        try moved.write(toFile: daemon.config, atomically: true, encoding: .utf8)
        kill(daemon.pid, SIGHUP)
        try Self.waitFor("the refusal") { daemon.output.contains("reload refused") }
        #expect(daemon.output.contains("database: changed from"))
        try harness.deliver("From: nora@example.org\nSubject: same store\nMessage-ID: <life3@x>\n\nx\n")
        try Self.waitFor("the mail to be handled on the open store") { harness.smtp.receivedCount() == 1 }
        #expect(!FileManager.default.fileExists(atPath: harness.directory.file("elsewhere/ticketd.sqlite")))
        #expect(daemon.terminate().status == 0)
    }

    @Test func sigtermInTheMiddleOfABusyPollExitsZeroAndLeavesNothingHalfDone() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let count = 3000
        try harness.deliver(MailCorpus.varied(count: count, senders: count, tag: "term"))
        let daemon = try Daemon(harness: harness)
        try Self.waitFor("the poll to be under way") { harness.dovecot.count(in: "Processed") > 0 }
        let (status, seconds) = daemon.terminate()
        #expect(status == 0)
        #expect(seconds < 5, "stopped within a few seconds")
        let processed = harness.dovecot.count(in: "Processed") + harness.dovecot.count(in: "Quarantine")
        #expect(processed < count, "the test must stop a poll in the middle")
        // What was committed is a prefix; the rest is still in the inbox, and a later run finishes it.
        try harness.poll()
        let broken = MailCorpus.quarantined(count: count)
        #expect(harness.dovecot.count(in: "INBOX") == 0)
        #expect(try harness.tickets().count == count - broken)
        let received = harness.smtp.received()
        #expect(
            Set(received.compactMap { $0.recipients.first }).count == received.count, "nobody got two acknowledgements")
    }

    @Test func theDaemonRidesOutAnIMAPOutageAndAnSMTPOutage() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let daemon = try Daemon(harness: harness)
        harness.dovecot.halt()
        try Self.waitFor("the daemon to notice") { daemon.output.contains("IMAP polling failing") }
        try harness.dovecot.resume()
        try harness.deliver(MailCorpus.varied(count: 20, senders: 20, tag: "outage"))
        try Self.waitFor("the daemon to recover and take the mail") { harness.dovecot.count(in: "INBOX") == 0 }
        try Self.waitFor("the acknowledgements") { harness.smtp.receivedCount() == 16 }
        #expect(daemon.output.contains("IMAP polling failing"))
        #expect(daemon.output.contains("IMAP polling recovered"))

        harness.smtp.halt()
        try harness.deliver(MailCorpus.varied(count: 10, senders: 10, tag: "smtp-outage"))
        do {
            try Self.waitFor("mail to keep flowing in while SMTP is down") { harness.dovecot.count(in: "INBOX") == 0 }
        } catch {
            Issue.record("daemon log: \(daemon.output.suffix(3000))")
            throw error
        }
        let unsent = try harness.runtime.store.read { try $0.outboxSummary().unsent }
        #expect(unsent == 8, "unsent: \(unsent), received: \(harness.smtp.receivedCount())")
        try harness.smtp.start()
        try Self.waitFor("the outbox to drain", timeout: 90) { harness.smtp.receivedCount() == 24 }
        let ids = harness.smtp.received().compactMap { $0.header("Message-ID") }
        #expect(Set(ids).count == ids.count, "no mail sent twice")
        #expect(daemon.terminate().status == 0)
    }

    @Test func theMetricsFileIsWrittenAtomicallyAndReadableByTheCollectorUnderUMask077() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let metrics = harness.directory.file("ticketd.prom")
        try harness.deliver(MailCorpus.varied(count: 3, senders: 3, tag: "metrics"))
        let daemon = try Daemon(harness: harness, extraYAML: "metrics_file: \(metrics)\n", umask: "077")
        defer {
            if !FileManager.default.fileExists(atPath: metrics) {
                Issue.record("daemon log: \(daemon.output.suffix(2000))")
            }
        }
        try Self.waitFor("the metrics file") {
            ((try? String(contentsOfFile: metrics, encoding: .utf8)) ?? "").contains(
                "ticketd_tickets_open{priority=\"medium\"} 3")
                || harness.smtp.receivedCount() == 3 && FileManager.default.fileExists(atPath: metrics)
        }
        #expect(daemon.terminate().status == 0)
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(text.contains("# TYPE ticketd_outbox_unsent gauge"))
        #expect(text.contains("ticketd_tickets_open{priority=\"critical\"} 0"))
        // Written once more as the daemon stopped: the store's statements so far.
        let statements = text.split(separator: "\n").first { $0.hasPrefix("ticketd_sql_statements_total ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
        #expect((statements ?? 0) > 0)
        #expect(!FileManager.default.fileExists(atPath: metrics + ".tmp"))
        let mode = try FileManager.default.attributesOfItem(atPath: metrics)[.posixPermissions] as? Int
        #expect(mode == 0o644, "node_exporter runs as another user")
    }

    /// With IDLE (the default), a mail is acknowledged within seconds even when the poll interval
    /// is long; without it the mail waits for the next poll.
    @Test func idleTakesMailInAtOnceAndPollingWaitsForItsInterval() throws {
        for idle in [true, false] {
            let harness = try MailFlowHarness()
            defer { harness.stop() }
            let daemon = try Daemon(harness: harness, mailbox: "poll_interval: 60s\n  idle: \(idle)")
            usleep(1_500_000)  // the daemon's first poll and (with IDLE) its first wait have begun
            let delivered = Date()
            try harness.deliver("From: nora@example.org\nSubject: s\nMessage-ID: <idle\(idle)@x>\n\nbody\n")
            if idle {
                try Self.waitFor("the acknowledgement", timeout: 15) { harness.smtp.receivedCount() == 1 }
                #expect(Date().timeIntervalSince(delivered) < 5, "acknowledged within seconds")
            } else {
                usleep(5_000_000)
                #expect(harness.smtp.receivedCount() == 0, "without IDLE the mail waits for the next poll")
            }
            #expect(daemon.terminate().status == 0)
        }
    }

    /// IDLE survives the IMAP server restarting mid-run: the watcher reconnects with backoff and
    /// mail is again acknowledged without waiting for the (long) poll interval.
    @Test func idleReconnectsAfterTheServerRestarts() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let daemon = try Daemon(harness: harness, mailbox: "poll_interval: 120s")
        try harness.deliver("From: nora@example.org\nSubject: before\nMessage-ID: <restart1@x>\n\nbody\n")
        try Self.waitFor("the first acknowledgement", timeout: 15) { harness.smtp.receivedCount() == 1 }
        harness.dovecot.halt()
        usleep(2_000_000)
        try harness.dovecot.resume()
        try Self.waitFor("the watcher to be back in IDLE", timeout: 30) {
            daemon.output.contains("IMAP IDLE recovered")
        }
        let delivered = Date()
        try harness.deliver("From: ben@example.org\nSubject: after\nMessage-ID: <restart2@x>\n\nbody\n")
        try Self.waitFor("the second acknowledgement", timeout: 30) { harness.smtp.receivedCount() == 2 }
        #expect(Date().timeIntervalSince(delivered) < 15, "well before the 120 s poll interval")
        #expect(daemon.terminate().status == 0)
    }
}
