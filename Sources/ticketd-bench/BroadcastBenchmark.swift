import Foundation
import Logging
import TicketdCore
import TicketdMail
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// The broadcast benchmark (issue: outages): a problem's outage broadcast to a group of 5,000
/// queued (one transaction), then sent to a local SMTP server by the outbox sender while the
/// intake takes mail in on another thread, against a bare libcurl send loop measured in the same
/// run; and a 10,000-mail storm of the same outage taken in with auto-linking on.
func broadcastBenchmark(members: Int) throws {
    let work = try TemporaryDirectory(prefix: "bench-broadcast")
    defer { work.remove() }
    let sink = try SMTPSink()
    defer { sink.stop() }
    let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path
    let group = (0..<members).map { "staff\($0)@clinic.example" }
    let yaml = """
        database: \(work.file("ticketd.sqlite"))
        support_address: "Help Desk <support@example.org>"
        mailbox: { url: "imaps://mail.example.org/INBOX", username: support }
        smtp: { url: "\(sink.url)", envelope_from: bounces@example.org }
        templates: \(templates)
        auto_reply_limit: { per_sender: 10, per: 1h, per_hour_total: 1000000 }
        analysts:
          - { name: carol, email: carol@example.org }
        groups:
          all-staff: [\(group.joined(separator: ", "))]

        """
    let runtime = try TicketdRuntime(
        configuration: ConfigurationLoader(environment: [:]).load(yaml: yaml).configuration)
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let desk = HelpDesk(runtime: runtime)

    note("queueing a broadcast to \(members)…")
    let queueStart = Date()
    guard
        let problem = try desk.createProblem(
            title: "Payroll cannot connect to its server", children: [], notify: ["all-staff"], priority: .high,
            actor: "bench", at: Date())
    else { fail("no problem created") }
    let queueSeconds = Date().timeIntervalSince(queueStart)

    note("sending it while the intake takes 500 mails in…")
    let intakeSeconds = LockedValue<Double>(0)
    let intakeThread = Thread {
        let started = Date()
        for index in 0..<500 {
            let raw = Array(
                "From: user\(index)@clinic.example\r\nSubject: printer \(index) jams\r\nMessage-ID: <in\(index)@x>\r\n\r\nJammed.\r\n"
                    .utf8)
            let source = MailIntake.Source(mailbox: "INBOX", uid: UInt32(index + 1), arrivedAt: Date())
            _ = try? runtime.store.write { try runtime.intake.handle(raw, from: source, at: Date(), in: $0) }
        }
        intakeSeconds.set(Date().timeIntervalSince(started))
    }
    let sender = OutboxSender(store: runtime.store, endpoint: try runtime.smtpEndpoint())
    var connection: SMTPSender?
    let sendStart = Date()
    intakeThread.start()
    var sent = 0
    while true {
        let round = try sender.sendDue(at: Date(), connection: &connection, logger: logger)
        sent += round.sent
        if round.sent == 0 && round.failed == 0 { break }
    }
    let sendSeconds = Date().timeIntervalSince(sendStart)
    while intakeSeconds.get() == 0 { Thread.sleep(forTimeInterval: 0.05) }
    let ticketdRate = Double(sent) / sendSeconds

    note("the bare libcurl ceiling…")
    let ceiling = try smtpCeilingRate(count: min(members, 2000))

    note("a storm of 10,000 mails about the open problem…")
    let stormStart = Date()
    var uid: UInt32 = 10_000
    for batch in 0..<50 {
        try runtime.store.write { session in
            for index in 0..<200 {
                uid += 1
                let number = batch * 200 + index
                let raw = Array(
                    ("From: nurse\(number)@clinic.example\r\nSubject: payroll cannot connect to server\r\n"
                        + "Message-ID: <storm\(number)@x>\r\n\r\nPayroll says unable to connect to its server.\r\n")
                        .utf8)
                _ = try runtime.intake.handle(
                    raw, from: MailIntake.Source(mailbox: "INBOX", uid: uid, arrivedAt: Date()), at: Date(), in: session
                )
            }
        }
    }
    let stormSeconds = Date().timeIntervalSince(stormStart)
    let linked = try runtime.store.read { try $0.ticket(problem.id)?.children.count ?? 0 }
    print(
        json([
            "cores": ProcessInfo.processInfo.activeProcessorCount, "members": members,
            "queue_5000_seconds": round3(queueSeconds), "sent": sent, "ceiling_msgs_per_s": round2(ceiling),
            "ticketd_msgs_per_s": round2(ticketdRate), "ratio": round2(ticketdRate / ceiling),
            "intake_500_during_send_seconds": round3(intakeSeconds.get()), "storm_10k_seconds": round3(stormSeconds),
            "storm_linked": linked,
        ]))
}

/// A value shared between two threads.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
