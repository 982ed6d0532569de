import Foundation
import Testing
import TicketdTestSupport

/// The `ticketd` executable as an operator runs it: output, JSON shapes and exit codes.
@Suite struct CommandLineTests {
    /// The built `ticketd` beside the test bundle.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ticketd")
            .path
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ShellCommand.run(executable, arguments)
    }

    /// A harness plus its configuration written to a file.
    static func withConfiguredHarness(_ body: (MailFlowHarness, String) throws -> Void) throws {
        let harness = try MailFlowHarness()
        defer { harness.stop() }
        let file = harness.directory.file("ticketd.yaml")
        try MailFlowHarness.yaml(
            dovecot: harness.dovecot, smtp: harness.smtp, directory: harness.directory, maxMessageSize: "25MB"
        ).write(toFile: file, atomically: true, encoding: .utf8)
        try body(harness, file)
    }

    @Test func pollPrintsTheContractLineAndShowGivesTheJSONShape() throws {
        try Self.withConfiguredHarness { harness, config in
            try harness.deliver(
                "From: Nora <nora@example.org>\nCc: lead@example.org\nSubject: printer\nMessage-ID: <cli1@x>\n\nbroken\n"
            )
            let poll = try Self.run(["poll", "--once", "--config", config])
            #expect(poll.status == 0)
            #expect(poll.output.contains("fetched=1 created=1 threaded=0 quarantined=0 sent=1 failed=0"))

            let show = try Self.run(["ticket", "show", "1", "--json", "--config", config])
            #expect(show.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(show.output.utf8)) as? [String: Any])
            for key in [
                "id", "subject", "status", "priority", "category", "requester", "watchers", "assignee", "parent",
                "children", "created_at", "messages", "events", "sla",
            ] {
                #expect(object.keys.contains(key), "missing \(key)")
            }
            #expect(object["category"] is NSNull)
            #expect(object["status"] as? String == "new")
            #expect((object["created_at"] as? String)?.hasSuffix("Z") == true)
            #expect(object["watchers"] as? [String] == ["lead@example.org"])
            let messages = try #require(object["messages"] as? [[String: Any]])
            #expect(messages.map { $0["direction"] as? String } == ["in", "out"])
            #expect(messages.first?["body"] as? String == "broken")

            let list = try Self.run(["ticket", "list", "--json", "--config", config])
            let array = try #require(try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]])
            #expect(array.count == 1)
            #expect(array.first?["messages"] == nil)

            let set = try Self.run([
                "ticket", "set", "1", "--priority", "high", "--assign", "carol", "--config", config,
            ])
            #expect(set.status == 0)
            let after = try Self.run(["ticket", "show", "1", "--json", "--config", config])
            #expect(after.output.contains("\"assignee\" : \"carol\""))
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(after.output.utf8)) as? [String: Any])
            let events = try #require(shown["events"] as? [[String: Any]])
            #expect(
                events.contains {
                    $0["type"] as? String == "priority" && $0["from"] as? String == "medium"
                        && $0["to"] as? String == "high" && $0["role"] as? String == "operator"
                })
            #expect(events.allSatisfy { $0.keys.contains("from") && $0.keys.contains("to") && $0["role"] != nil })
        }
    }

    @Test func ticketCreateOpensATicketForACallerWhoIsAcknowledged() throws {
        try Self.withConfiguredHarness { harness, config in
            let body = harness.directory.file("call.txt")
            try "Keisha called: payroll will not open on ward 3.".write(toFile: body, atomically: true, encoding: .utf8)
            let created = try Self.run([
                "ticket", "create", "--requester", "Keisha Smith <keisha@clinic.example>", "--subject",
                "Payroll will not open", "--body-file", body, "--priority", "high", "--assign", "carol", "--json",
                "--config", config,
            ])
            #expect(created.status == 0)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any])
            #expect(object["priority"] as? String == "high")
            #expect(object["assignee"] as? String == "carol")
            #expect(object["status"] as? String == "open")
            #expect((object["requester"] as? [String: Any])?["email"] as? String == "keisha@clinic.example")
            let poll = try Self.run(["poll", "--once", "--config", config])
            #expect(poll.output.contains("sent=2"))  // the acknowledgement and Carol's assignment notice
            #expect(harness.sent(to: "carol@example.org").first?.header("Subject")?.contains("Assigned to you") == true)
            let ack = try #require(harness.sent(to: "keisha@clinic.example").first)
            #expect(ack.header("Subject")?.contains("[Help Desk #1] Payroll will not open") == true)
            let shown = try Self.run(["ticket", "show", "1", "--json", "--config", config])
            let detail = try #require(try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any])
            let events = try #require(detail["events"] as? [[String: Any]])
            #expect(events.first?["type"] as? String == "created" && events.first?["role"] as? String == "operator")
            let messages = try #require(detail["messages"] as? [[String: Any]])
            #expect((messages.first?["body"] as? String)?.contains("Keisha called") == true)
            let bad = try Self.run([
                "ticket", "create", "--requester", "not an address", "--subject", "x", "--config", config,
            ])
            #expect(bad.status == 2)
            #expect(bad.output.contains("--requester"))
        }
    }

    @Test func analystListAndRulesTestSpeakTheContract() throws {
        try Self.withConfiguredHarness { harness, config in
            let list = try Self.run(["analyst", "list", "--json", "--config", config])
            #expect(list.status == 0)
            let array = try #require(try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]])
            let carol = try #require(array.first)
            for key in ["name", "email", "tier", "skills", "on_duty", "open", "oldest_due_at"] {
                #expect(carol.keys.contains(key), "missing \(key)")
            }
            #expect(carol["on_duty"] as? Bool == true)
            #expect(carol["oldest_due_at"] is NSNull)
            let mail = harness.directory.file("probe.eml")
            try "From: nora@example.org\r\nSubject: printer\r\n\r\nbroken\r\n".write(
                toFile: mail, atomically: true, encoding: .utf8)
            let test = try Self.run(["rules", "test", mail, "--config", config])
            #expect(test.status == 0)
            #expect(test.output.contains("rule: (none matched)") && test.output.contains("tier: 1"))
            #expect(test.output.contains("analyst: carol"))
        }
    }

    @Test func reportSpeaksJSONCSVTableAndHTMLAndRefusesBadWindows() throws {
        try Self.withConfiguredHarness { harness, config in
            try harness.deliver("From: nora@example.org\nSubject: printer\nMessage-ID: <rep1@x>\n\nbroken\n")
            _ = try Self.run(["poll", "--once", "--config", config])
            let window = ["--from", "2020-01-01", "--to", "2100-01-01", "--config", config]
            let json = try Self.run(["report", "--format", "json"] + window)
            #expect(json.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            for key in [
                "mttr_minutes", "first_contact_resolution_rate", "sla_compliance", "closed_by_analyst", "reassignments",
                "escalations", "volume_by_category", "volume_by_week", "repeated_incidents", "backlog_by_age",
                "self_service_resolutions", "satisfaction",
            ] {
                #expect(object.keys.contains(key), "missing \(key)")
            }
            #expect(object["tickets_created"] as? Int == 1)
            let csv = try Self.run(["report", "--format", "csv"] + window)
            #expect(csv.output.hasPrefix("figure,key,value") && csv.output.contains("tickets_created,,1"))
            #expect(try Self.run(["report"] + window).output.contains("tickets_created: 1"))
            let page = harness.directory.file("report.html")
            #expect(try Self.run(["report", "--format", "html", "--output", page] + window).status == 0)
            let html = try String(contentsOfFile: page, encoding: .utf8)
            #expect(html.contains("<svg") && !html.contains("<script") && !html.contains("src=\""))
            #expect(try Self.run(["report", "--format", "pdf", "--config", config]).status == 2)
            #expect(try Self.run(["report", "--from", "2026-02-30", "--config", config]).status == 2)
            #expect(
                try Self.run(["report", "--from", "2026-12-01", "--to", "2026-11-01", "--config", config]).status == 2)
        }
    }

    @Test func badUsageAndBadChangesExitTwo() throws {
        try Self.withConfiguredHarness { _, config in
            #expect(try Self.run(["ticket", "show", "abc", "--config", config]).status == 2)
            #expect(try Self.run(["ticket", "set", "1", "--priority", "urgent", "--config", config]).status == 2)
            #expect(try Self.run(["poll", "--config", config]).status == 2)
            let unknown = try Self.run(["ticket", "set", "1", "--assign", "nobody", "--config", config])
            #expect(unknown.status == 2)
            #expect(unknown.output.contains("unknown analyst"))
            #expect(try Self.run(["ticket", "show", "42", "--config", config]).status == 1)
        }
    }

    @Test func configCheckNamesEveryMistakeAndExitsTwo() throws {
        let directory = try TemporaryDirectory(prefix: "cli")
        defer { directory.remove() }
        let file = directory.file("bad.yaml")
        try """
        database: \(directory.file("db.sqlite"))
        support_address: "Help Desk <support@example.org>"
        templates: \(directory.file("no-such-templates"))
        mailbox: { url: "imap://127.0.0.1/INBOX", pol_interval: 30s }
        sla:
          critical: { first_response: 15x, calendar: office }

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Self.run(["config", "check", "--config", file])
        #expect(result.status == 2)
        for path in ["templates", "mailbox.pol_interval", "sla.critical.first_response", "sla.critical.calendar"] {
            #expect(result.output.contains("\(path):"), "config check did not name \(path)")
        }
        let good = try Self.run(["config", "check", "--config", "/nonexistent/ticketd.yaml"])
        #expect(good.status == 2)
    }

    @Test func anUnreachableMailServerExitsOneWithTheReason() throws {
        try Self.withConfiguredHarness { harness, config in
            harness.dovecot.stop()
            let result = try Self.run(["poll", "--once", "--config", config])
            #expect(result.status == 1)
            #expect(result.output.contains("unreachable"))
            let status = try Self.run(["status", "--json", "--config", config])
            #expect(status.status == 0)
            #expect(status.output.contains("\"last_error\""))
        }
    }
}
