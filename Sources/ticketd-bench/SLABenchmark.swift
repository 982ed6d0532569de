import Foundation
import Logging
import TicketdCore
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// The SLA benchmark: with `openTickets` open tickets in the store, (a) the median of repeated
/// sweeps with nothing due, (b) 10,000 clocks falling due at once, processed with their
/// escalation notices queued, (c) business-time additions per second on one core.
func slaBenchmark(openTickets: Int) throws {
    let work = try TemporaryDirectory(prefix: "bench-sla")
    defer { work.remove() }
    let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path
    let yaml = """
        database: \(work.file("ticketd.sqlite"))
        support_address: "Help Desk <support@example.org>"
        mailbox: { url: "imaps://mail.example.org/INBOX", username: support }
        smtp: { url: "smtps://mail.example.org:465" }
        templates: \(templates)
        analysts:
          - { name: carol, email: carol@example.org }
        groups:
          it-managers: [director@example.org]
        calendars:
          clinic-hours: { timezone: America/New_York, hours: { mon-fri: "08:00-17:00" }, holidays: [2026-12-25] }
        sla:
          critical: { first_response: 15m, resolution: 1h, escalate_to: [it-managers] }
          medium: { first_response: 7d, resolution: 14d, calendar: clinic-hours }

        """
    let configuration = try ConfigurationLoader(environment: [:]).load(yaml: yaml).configuration
    let runtime = try TicketdRuntime(configuration: configuration)
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18, a Wednesday
    let dueCount = min(10_000, openTickets)

    note("storing \(openTickets) open tickets with their clocks…")
    let engine = runtime.intake.sla
    var created = 0
    while created < openTickets {
        let chunk = min(50_000, openTickets - created)
        try runtime.store.write { session in
            for index in created..<(created + chunk) {
                let critical = index < dueCount
                let priority: Priority = critical ? .critical : .medium
                let id = try session.createTicket(
                    NewTicketRecord(
                        subject: "Ticket \(index)", priority: priority,
                        requester: Person(name: "", email: "user\(index)@example.org"), createdAt: start))
                try engine.startClocks(ticketID: id, priority: priority, calendar: nil, at: start, in: session)
            }
        }
        created += chunk
    }

    note("idle sweeps…")
    var idle: [Double] = []
    for round in 0..<51 {
        let began = Date()
        let result = try runtime.sweeper.sweep(at: start.addingTimeInterval(60 + Double(round)), logger: logger)
        idle.append(Date().timeIntervalSince(began) * 1000)
        guard result.clocks == 0 else { fail("an idle sweep found \(result.clocks) clocks") }
    }
    idle.sort()

    note("\(dueCount) clocks falling due at once…")
    let began = Date()
    let due = try runtime.sweeper.sweep(at: start.addingTimeInterval(16 * 60), logger: logger)
    let dueSeconds = Date().timeIntervalSince(began)
    let queued = try runtime.store.read { try $0.outboxSummary().unsent }

    note("business-time additions…")
    let calendar = engine.calendars["clinic-hours"]!
    var generator = SystemRandomNumberGenerator()
    let starts = (0..<1000).map { _ in
        start.addingTimeInterval(Double.random(in: 0...(365 * 86_400), using: &generator))
    }
    let targets = (0..<1000).map { _ in Double(Int.random(in: 1...(14 * 24 * 60), using: &generator) * 60) }
    _ = calendar.adding(seconds: 3600, to: start.addingTimeInterval(400 * 86_400))  // precompute the years
    let additions = 2_000_000
    var checksum = 0.0
    let addBegan = Date()
    for index in 0..<additions {
        checksum +=
            calendar.adding(seconds: targets[index % 1000], to: starts[(index / 1000 + index) % 1000])
            .timeIntervalSince1970
    }
    let addSeconds = Date().timeIntervalSince(addBegan)
    if checksum == 0 { note("checksum zero") }

    print(
        json([
            "case": "sla", "open_tickets": openTickets, "idle_sweep_ms_median": round3(idle[idle.count / 2]),
            "due_clocks": due.clocks, "escalations_queued": queued, "due_10k_seconds": round3(dueSeconds),
            "business_adds_per_s": Int(Double(additions) / addSeconds),
            "cores": ProcessInfo.processInfo.activeProcessorCount,
        ]))
}
