import Foundation
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// `ticketd-bench hostile`: each pathological shape of the hostile-mail issue at 256 KiB and at
/// 2 MiB, timed through the code that reads it — whole mails through the intake (parse, bounce
/// check, routing rules, the store) and the parts on their own (encoded words, subject tags,
/// display names, MIME parameters, HTML, quoted-reply trimming). Linear code grows 8× from one size to the other,
/// quadratic 64×. Prints `worst_growth`, `worst_2mb_seconds`, the figures per shape and `cores`.
func hostileBenchmark() throws {
    let directory = try TemporaryDirectory(prefix: "bench-hostile")
    defer { directory.remove() }
    let yaml = """
        database: \(directory.file("ticketd.sqlite"))
        support_address: "Help Desk <support@example.org>"
        max_message_size: 100MB
        mailbox: { url: "imap://127.0.0.1:1/INBOX", username: support }
        smtp: { url: "smtp://127.0.0.1:1", envelope_from: bounces@example.org }
        rules:
          - { name: payroll, when: { body: "(?i)pay(roll)?.*server" }, set: { priority: high } }

        """
    let runtime = try TicketdRuntime(
        configuration: ConfigurationLoader(environment: [:]).load(yaml: yaml).configuration)
    var uid: UInt32 = 0

    func repeated(_ unit: String, _ bytes: Int) -> String {
        String(repeating: unit, count: max(1, bytes / unit.utf8.count))
    }
    func mail(_ headers: String, _ body: String) -> [UInt8] {
        Array("From: nurse@ward3.example.net\r\nMessage-ID: <\(UUID())@x>\r\n\(headers)\r\n\r\n\(body)\r\n".utf8)
    }
    /// Through the intake as a poll takes it in: parse, then decide and store in one transaction.
    func intake(_ raw: [UInt8]) {
        uid += 1
        let source = MailIntake.Source(mailbox: "INBOX", uid: uid, arrivedAt: Date())
        _ = try? runtime.store.write { try runtime.intake.handle(raw, from: source, at: Date(), in: $0) }
    }

    let shapes: [(name: String, run: (Int) -> () -> Void)] = [
        (
            "html_unclosed_title",
            { size in
                let raw = mail("Content-Type: text/html", repeated("<title>x", size))
                return { intake(raw) }
            }
        ),
        (
            "html_entity_newlines_and_breaks",
            { size in
                let raw = mail("Content-Type: text/html", repeated("&#10;<br>", size))
                return { intake(raw) }
            }
        ),
        (
            "html_unclosed_comments_and_scripts",
            { size in
                let raw = mail("Content-Type: text/html", repeated("<!--<script>x", size))
                return { intake(raw) }
            }
        ),
        (
            "rule_regex_on_single_line_body",
            { size in
                let raw = mail("Subject: x", repeated("pay pay server ", size))
                return { intake(raw) }
            }
        ),
        (
            "bounce_like_single_line",
            { size in
                let raw = mail("Subject: failure notice", repeated("Message-ID: <a@b> ", size))
                return { intake(raw) }
            }
        ),
        (
            "quote_headers_attribution_like_lines",
            { size in
                let text = repeated("On 30.11.2026 10:02 Cindy <\ncindy@example.org> 12:30\n", size)
                return { _ = QuotedReply.trim(text) }
            }
        ),
        (
            "quote_headers_field_lines_and_quotes",
            { size in
                let text = repeated("From: a@b.example\n> Sent: 10:02\nTo: c\n\n> x\nhttp://x/y\n", size)
                return { _ = QuotedReply.trim(text) }
            }
        ),
        (
            "multipart_many_boundaries",
            { size in
                let raw = mail("Content-Type: multipart/mixed; boundary=b", repeated("--b\r\n\r\nx\r\n", size))
                return { intake(raw) }
            }
        ),
        (
            "encoded_words_unfinished",
            { size in
                let text = repeated("=?a?B?x", size)
                return { _ = EncodedWord.decode(text) }
            }
        ),
        (
            "encoded_words_display_name",
            { size in
                let text = "\"\(repeated("=?a?B?x", size))\" <bob@hospital.example>"
                return { _ = AddressList.parse(text) }
            }
        ),
        (
            "encoded_words_mime_parameter",
            { size in
                let text = "attachment; filename=\"\(repeated("=?a?B?x", size))\""
                return { _ = HeaderParameters(text) }
            }
        ),
        (
            "subject_tags_many",
            { size in
                let text = repeated("[Help Desk #12] ", size)
                let tag = SubjectTag("Help Desk")
                return { _ = tag.stripped(text) }
            }
        ),
        (
            "subject_tags_unfinished",
            { size in
                let text = repeated("[Help Desk #", size)
                let tag = SubjectTag("Help Desk")
                return { _ = tag.stripped(text) }
            }
        ),
        (
            "address_list_commas_and_angles",
            { size in
                let text = repeated("<a@b>,\"", size)
                return { _ = AddressList.parse(text) }
            }
        ),
    ]

    /// Seconds per run: repeated until 0.2 s have passed, best of three rounds.
    func time(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            var runs = 0
            let started = Date()
            repeat {
                body()
                runs += 1
            } while Date().timeIntervalSince(started) < 0.2
            best = min(best, Date().timeIntervalSince(started) / Double(runs))
        }
        return best
    }

    var figures: [String: Any] = [:]
    var worstGrowth = 0.0
    var worst2MB = 0.0
    for shape in shapes {
        let small = time(shape.run(256 * 1024))
        let large = time(shape.run(2 * 1024 * 1024))
        let growth = large / max(small, 1e-9)
        note(
            "\(shape.name): 256 KiB \(round3(small * 1000)) ms, 2 MiB \(round3(large * 1000)) ms, growth \(round2(growth))"
        )
        figures[shape.name] = ["256k_seconds": round3(small), "2mb_seconds": round3(large), "growth": round2(growth)]
        worstGrowth = max(worstGrowth, growth)
        worst2MB = max(worst2MB, large)
    }
    print(
        json([
            "worst_growth": round2(worstGrowth), "worst_2mb_seconds": round3(worst2MB), "shapes": figures,
            "cores": ProcessInfo.processInfo.activeProcessorCount,
        ]))
}
