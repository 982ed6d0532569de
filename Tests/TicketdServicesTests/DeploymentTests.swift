import Foundation
import Testing
import TicketdCore
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// What an operator installs: the unit file, the example configuration, backup and purge.
@Suite struct DeploymentTests {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The unit with its ExecStart pointing at the built binary (systemd-analyze wants it to exist).
    static func stagedUnit(in directory: TemporaryDirectory) throws -> String {
        let unit = try String(contentsOf: root.appendingPathComponent("systemd/ticketd.service"), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/ticketd", with: CommandLineTests.executable)
        let path = directory.file("ticketd.service")
        try unit.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let analyze = "/usr/bin/systemd-analyze"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: analyze)))
    func systemdAcceptsTheUnitAndRatesItTwoOrBetter() throws {
        let directory = try TemporaryDirectory(prefix: "unit")
        defer { directory.remove() }
        let unit = try Self.stagedUnit(in: directory)
        let verify = try ShellCommand.run(Self.analyze, ["verify", unit])
        #expect(verify.status == 0, "systemd-analyze verify: \(verify.output)")
        let security = try ShellCommand.run(Self.analyze, ["security", "--offline=yes", unit])
        let line = try #require(security.output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(Double(line.split(separator: ":").last?.split(separator: " ").first ?? ""))
        print("systemd-analyze security: \(line)")
        #expect(score <= 2.0)
    }

    @Test func theExampleConfigurationPassesConfigCheck() throws {
        let example = try String(
            contentsOf: Self.root.appendingPathComponent("systemd/ticketd.example.yaml"), encoding: .utf8)
        let loaded = try ConfigurationLoader(environment: [:]).load(yaml: example)
        #expect(loaded.configuration.templates == nil, "the example runs on the built-in templates")
        #expect(loaded.configuration.sla[.critical]?.firstResponse == TimeSpan(seconds: 900))
        #expect(loaded.configuration.mailbox.url.hasPrefix("imaps://"))
    }

    @Test func backupIsAConsistentCopyAndPurgeKeepsAnAnonymousTrail() throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        try harness.deliver(
            """
            From: Nora Nurse <nora@example.org>
            Subject: Patient 4711 record
            Message-ID: <purge1@x>
            Content-Type: multipart/mixed; boundary=b

            --b

            details about 4711
            --b
            Content-Type: application/pdf; name=scan.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b--
            """)
        try harness.deliver("From: other@example.org\nSubject: keep me\nMessage-ID: <purge2@x>\n\nstill open\n")
        try harness.poll()
        let store = harness.runtime.store
        let applier = harness.runtime.intake.applier
        let closedAt = Date(timeIntervalSince1970: 1_700_000_000)
        try store.write {
            try TicketChange(status: .closed).apply(to: 1, actor: "carol", at: closedAt, applier: applier, in: $0)
        }

        let copy = harness.directory.file("backup.sqlite")
        try store.backup(to: copy)
        #expect(try TicketStore(path: copy).read { try $0.ticketCount() } == 2)
        #expect(throws: StoreError.self) { try store.backup(to: copy) }

        let cutoff = closedAt.addingTimeInterval(86_400)
        let dryRun = try store.purge(closedBefore: cutoff, dryRun: true)
        #expect(dryRun.tickets == 1 && dryRun.messages == 2 && dryRun.attachments == 1)
        #expect(try harness.ticket(1)?.messages?.count == 2, "a dry run changes nothing")
        let report = try store.purge(closedBefore: cutoff, dryRun: false)
        #expect(report == dryRun)
        let purged = try #require(try harness.ticket(1))
        #expect(purged.subject == "[purged]" && purged.requester.email == "purged")
        #expect(purged.messages?.isEmpty == true)
        #expect(purged.events?.map(\.type).contains("created") == true, "the trail stays for reports")
        #expect(purged.events?.allSatisfy { !$0.detail.contains("4711") && !$0.actor.contains("@") } == true)
        #expect(try harness.ticket(2)?.messages?.count == 2, "open tickets are untouched")
        #expect(try store.purge(closedBefore: cutoff, dryRun: false).tickets == 0)
    }
}
