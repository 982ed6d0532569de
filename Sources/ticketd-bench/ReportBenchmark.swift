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
    // REPORT_BENCH_DB keeps the tickets in that file and reuses them on the next run.
    let kept = ProcessInfo.processInfo.environment["REPORT_BENCH_DB"]
    let yaml = """
        database: \(kept ?? work.file("ticketd.sqlite"))
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
    let storeStart = Date()
    var made = try runtime.store.read { try $0.ticketCount() }
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
                        to: TicketEvent.AnalystMail.publicReply.rawValue, detail: "public reply"),
                    TicketEvent(
                        .slaMet, at: created.addingTimeInterval(600), from: "running", to: "met",
                        detail: "first_response", clock: "first_response"),
                    TicketEvent(
                        .status, actor: analyst, role: .analyst, at: created.addingTimeInterval(3600), from: "open",
                        to: index % 3 == 0 ? "pending" : "resolved"),
                ] {
                    try session.addEvent(event, toTicket: id)
                }
            }
        }
        made += chunk
        note("\(made) stored")
    }
    let storeSeconds = Date().timeIntervalSince(storeStart)
    note("the report…")
    let reportStart = Date()
    let report = try HelpDesk(runtime: runtime).report(
        from: start, to: start.addingTimeInterval(86_400 * 90), now: start.addingTimeInterval(86_400 * 90))
    let reportSeconds = Date().timeIntervalSince(reportStart)

    // The knowledge base: a corpus shaped like real text (Zipf-distributed words over a large
    // vocabulary: a few words in many articles, most in few), and the uniform worst case where
    // every query word is held by a fifth to all of the articles.
    note("\(articles) articles of Zipf-distributed text…")
    var random = SplitMix(seed: 16)
    let zipf = ZipfWords(count: 12_000)
    let corpus = (0..<articles).map { _ in
        (title: zipf.words(6, &random).joined(separator: " "), body: zipf.words(100, &random).joined(separator: " "))
    }
    let queries = (0..<200).map { _ in
        let title = corpus[Int(random.next() % UInt64(articles))].title.split(separator: " ")
        return title.prefix(3).joined(separator: " ") + " " + zipf.words(1, &random)[0]
    }
    let acks = (0..<200).map { _ in
        let title = corpus[Int(random.next() % UInt64(articles))].title.split(separator: " ")
        return (
            subject: title.prefix(2).joined(separator: " ") + " not working",
            body: "Since this morning the " + zipf.words(4, &random).joined(separator: " ") + " fails."
        )
    }
    let realistic = try knowledgeBaseTimings(corpus: corpus, queries: queries, acks: acks, at: start)
    note("\(articles) articles of ten words…")
    let words = ["printer", "vpn", "payroll", "password", "scanner", "monitor", "badge", "email", "wifi", "label"]
    let uniform = try knowledgeBaseTimings(
        corpus: (0..<articles).map { index in
            let a = words[index % words.count]
            let b = words[(index / words.count) % words.count]
            return (
                title: "\(a) \(b) fix \(index)",
                body: "When the \(a) fails after the \(b) update, restart it. Case \(index)."
            )
        },
        queries: (0..<200).map { "\(words[$0 % 10]) \(words[($0 + 3) % 10]) fails" },
        acks: (0..<200).map { (subject: "\(words[$0 % 10]) not working", body: "The \(words[($0 + 1) % 10]) fails.") },
        at: start)
    print(
        json([
            "cores": ProcessInfo.processInfo.activeProcessorCount, "tickets": tickets, "events": tickets * 5,
            "store_seconds": round3(storeSeconds), "report_seconds": round3(reportSeconds),
            "tickets_resolved": report.ticketsResolved, "articles": articles,
            "kb_search_ms_median": round3(realistic.search), "ack_kb_ms": round3(realistic.ack),
            "kb_search_ms_median_uniform": round3(uniform.search), "ack_kb_ms_uniform": round3(uniform.ack),
        ]))
}

/// Median milliseconds of `kb search` and of the acknowledgement's suggestions over a fresh
/// store holding `corpus`.
func knowledgeBaseTimings(
    corpus: [(title: String, body: String)], queries: [String], acks: [(subject: String, body: String)], at start: Date
) throws -> (search: Double, ack: Double) {
    let work = try TemporaryDirectory(prefix: "bench-kb")
    defer { work.remove() }
    let runtime = try TicketdRuntime(
        configuration: ConfigurationLoader(environment: [:]).load(
            yaml: """
                database: \(work.file("ticketd.sqlite"))
                support_address: "Help Desk <support@example.org>"
                mailbox: { url: "imaps://mail.example.org/INBOX", username: support }
                smtp: { url: "smtps://mail.example.org:465" }

                """
        ).configuration)
    try runtime.store.write { session in
        for article in corpus {
            _ = try session.addArticle(
                title: article.title, body: article.body, ticketID: nil, createdBy: "bench", at: start)
        }
    }
    func median(_ body: (Int) throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for index in 0..<200 {
            let began = Date()
            try body(index)
            times.append(Date().timeIntervalSince(began) * 1000)
        }
        return times.sorted()[times.count / 2]
    }
    let desk = HelpDesk(runtime: runtime)
    let search = try median { _ = try desk.searchArticles(queries[$0 % queries.count]) }
    let ack = try median { index in
        let mail = acks[index % acks.count]
        _ = try runtime.store.read {
            try runtime.intake.knowledgeBase.suggestions(subject: mail.subject, body: mail.body, in: $0)
        }
    }
    return (search, ack)
}

/// A deterministic generator (SplitMix64), so every run measures the same corpus.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Made-up words drawn with Zipf's law (s = 1.1), as words fall in real text.
struct ZipfWords {
    let vocabulary: [String]
    let cumulative: [Double]

    init(count: Int) {
        let syllables = [
            "ba", "ko", "ri", "ta", "mun", "sel", "dor", "vi", "pra", "lem", "quo", "zan", "fi", "gor", "tes", "nal",
            "wu", "pe", "sto", "ky", "bre", "dal", "mi", "hox",
        ]
        var words: [String] = []
        for a in syllables { for b in syllables { words.append(a + b) } }
        for a in syllables { for b in syllables { for c in syllables { words.append(a + b + c) } } }
        vocabulary = Array(words.prefix(count))
        var total = 0.0
        cumulative = (1...vocabulary.count).map { rank in
            total += 1 / pow(Double(rank), 1.1)
            return total
        }
    }

    func words(_ count: Int, _ random: inout SplitMix) -> [String] {
        (0..<count).map { _ in
            let target = Double(random.next() >> 11) / Double(1 << 53) * cumulative.last!
            var low = 0
            var high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < target { low = middle + 1 } else { high = middle }
            }
            return vocabulary[low]
        }
    }
}
