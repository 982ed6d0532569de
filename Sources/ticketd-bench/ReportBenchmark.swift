import Foundation
import Logging
import TicketdCore
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// The report benchmark (issue: reports): `tickets` tickets with five events each, the full
/// report over them; KB search over `articles` articles (median); the acknowledgement's KB
/// suggestions per mail.
func reportBenchmark(tickets: Int, articles: Int) throws {
    let work = try TemporaryDirectory(prefix: "bench-report")
    defer { work.remove() }
    let yaml = """
        database: \(work.file("ticketd.sqlite"))
        support_address: "Help Desk <support@example.org>"
        mailbox: { url: "imaps://mail.example.org/INBOX", username: support }
        smtp: { url: "smtps://mail.example.org:465" }
        sla:
          high: { first_response: 30m, resolution: 2h }
          medium: { first_response: 1d, resolution: 5d }

        """
    let runtime = try TicketdRuntime(
        configuration: ConfigurationLoader(environment: [:]).load(yaml: yaml).configuration)
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    note("storing \(tickets) tickets with 5 events each…")
    var made = 0
    while made < tickets {
        let chunk = min(50_000, tickets - made)
        try runtime.store.write { session in
            for index in made..<(made + chunk) {
                let created = start.addingTimeInterval(Double(index % 600_000) * 10)
                let priority: Priority = index % 5 == 0 ? .high : .medium
                let id = try session.createTicket(
                    NewTicketRecord(
                        subject: "Ticket \(index)", priority: priority,
                        requester: Person(name: "", email: "user\(index % 20_000)@example.org"), createdAt: created))
                let analyst = "analyst\(index % 40)"
                for event in [
                    TicketEvent(.created, actor: "user@x", role: .requester, at: created, to: priority.rawValue),
                    TicketEvent(.assignment, at: created.addingTimeInterval(60), to: analyst),
                    TicketEvent(
                        .messageIn, actor: analyst, role: .analyst, at: created.addingTimeInterval(600),
                        detail: "public reply"),
                    TicketEvent(
                        .slaMet, at: created.addingTimeInterval(600), from: "running", to: "met",
                        detail: "first_response"),
                    TicketEvent(
                        .status, actor: analyst, role: .analyst, at: created.addingTimeInterval(3600), from: "open",
                        to: index % 3 == 0 ? "pending" : "resolved"),
                ] {
                    try session.addEvent(event, toTicket: id)
                }
            }
        }
        made += chunk
    }
    note("the report…")
    let reportStart = Date()
    let report = try HelpDesk(runtime: runtime).report(
        from: start, to: start.addingTimeInterval(86_400 * 90), now: start.addingTimeInterval(86_400 * 90))
    let reportSeconds = Date().timeIntervalSince(reportStart)

    note("\(articles) articles…")
    let words = ["printer", "vpn", "payroll", "password", "scanner", "monitor", "badge", "email", "wifi", "label"]
    try runtime.store.write { session in
        for index in 0..<articles {
            let a = words[index % words.count]
            let b = words[(index / words.count) % words.count]
            _ = try session.addArticle(
                title: "\(a) \(b) fix \(index)",
                body: "When the \(a) fails after the \(b) update, restart it. Case \(index).",
                ticketID: nil, createdBy: "bench", at: start)
        }
    }
    var searches: [Double] = []
    for index in 0..<200 {
        let began = Date()
        _ = try HelpDesk(runtime: runtime).searchArticles("\(words[index % 10]) \(words[(index + 3) % 10]) fails")
        searches.append(Date().timeIntervalSince(began) * 1000)
    }
    searches.sort()
    var suggestions: [Double] = []
    for index in 0..<200 {
        let began = Date()
        _ = try runtime.store.read {
            try runtime.intake.knowledgeBase.suggestions(
                subject: "\(words[index % 10]) not working", body: "The \(words[(index + 1) % 10]) fails.", in: $0)
        }
        suggestions.append(Date().timeIntervalSince(began) * 1000)
    }
    suggestions.sort()
    print(
        json([
            "cores": ProcessInfo.processInfo.activeProcessorCount, "tickets": tickets, "events": tickets * 5,
            "report_seconds": round3(reportSeconds), "tickets_resolved": report.ticketsResolved,
            "articles": articles, "kb_search_ms_median": round3(searches[searches.count / 2]),
            "ack_kb_ms": round3(suggestions[suggestions.count / 2]),
        ]))
}
