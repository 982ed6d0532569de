import Foundation
import Testing
import TicketdCore
import TicketdServices
import TicketdStore
import TicketdTestSupport

/// A small history stored as a typed event trail, whose every figure is worked out by hand
/// (see the comments), reported through the store as `ticketd report` does: JSON, CSV, the
/// table and the HTML page carry each figure; a purge changes none; values changed after the
/// window's end count as they stood at its end.
@Suite struct ReportFiguresTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// Window: Monday 2026-11-02 to Monday 2026-11-09 (UTC), ISO week 2026-W45.
    static let from = at("2026-11-02T00:00:00Z")
    static let to = at("2026-11-09T00:00:00Z")

    struct History {
        let work: TemporaryDirectory
        let runtime: TicketdRuntime
        var ids: [String: Int64] = [:]

        init() throws {
            work = try TemporaryDirectory(prefix: "report")
            // Medium tickets run on office hours (business time differs); high ones around the clock.
            let yaml = """
                database: \(work.file("ticketd.sqlite"))
                support_address: "Help Desk <support@example.org>"
                mailbox: { url: "imaps://mail.example.org/INBOX", username: support }
                smtp: { url: "smtps://mail.example.org:465" }
                calendars:
                  office: { timezone: UTC, hours: { mon-fri: "09:00-17:00" } }
                sla:
                  high: { first_response: 30m, resolution: 2h }
                  medium: { first_response: 1d, resolution: 5d, calendar: office }

                """
            runtime = try TicketdRuntime(
                configuration: ConfigurationLoader(environment: [:]).load(yaml: yaml).configuration)
        }

        mutating func ticket(
            _ name: String, _ time: String, by requester: String, _ priority: Priority, problem: Bool = false,
            _ events: [(TicketEvent.Kind, String, String?, String?, String?, String)] = []
        ) throws {
            let created = ReportFiguresTests.at(time)
            let id = try runtime.store.write { session in
                let id = try session.createTicket(
                    NewTicketRecord(
                        subject: "Ticket \(name)", priority: priority, requester: Person(name: "", email: requester),
                        createdAt: created))
                if problem { try session.markProblem(id) }
                try session.addEvent(
                    TicketEvent(
                        .created, actor: problem ? "marsha" : requester, role: problem ? .analyst : .requester,
                        at: created, to: priority.rawValue), toTicket: id)
                return id
            }
            ids[name] = id
            try record(name, events)
        }

        /// Events as (kind, time, actor, from, to, detail); an actor with "@" is the requester,
        /// a plain name an analyst, nil the system. Written as the product writes them: an SLA
        /// event names its clock in the typed field, an analyst's public reply says so in `to`.
        func record(_ name: String, _ events: [(TicketEvent.Kind, String, String?, String?, String?, String)]) throws {
            try runtime.store.write { session in
                for (kind, time, actor, from, to, detail) in events {
                    let role: TicketEvent.Role =
                        actor == nil ? .system : actor!.contains("@") ? .requester : .analyst
                    let publicReply = kind == .messageIn && role == .analyst && detail == "public reply"
                    try session.addEvent(
                        TicketEvent(
                            kind, actor: actor ?? TicketEvent.system, role: role, at: ReportFiguresTests.at(time),
                            from: from, to: publicReply ? TicketEvent.AnalystMail.publicReply.rawValue : to,
                            detail: detail, clock: [.slaMet, .slaPaused, .slaResumed].contains(kind) ? detail : nil),
                        toTicket: ids[name]!)
                }
            }
        }
    }

    static func history() throws -> History {
        var history = try History()
        // A: before the window, low (no policy), still open at its end: backlog > 30 days.
        try history.ticket("A", "2026-10-01T09:00:00Z", by: "bob@x", .low)
        // B: high, Keisha; cindy assigned, one public reply (first response met), resolved after
        // 120 min (first contact); rated 5.
        try history.ticket(
            "B", "2026-11-02T08:00:00Z", by: "keisha@x", .high,
            [
                (.assignment, "2026-11-02T08:10:00Z", nil, nil, "cindy", ""),
                (.messageIn, "2026-11-02T08:30:00Z", "cindy", nil, nil, "public reply"),
                (.slaMet, "2026-11-02T08:30:00Z", nil, "running", "met", "first_response"),
                (.status, "2026-11-02T10:00:00Z", "cindy", "open", "resolved", ""),
                (.slaMet, "2026-11-02T10:00:00Z", nil, "running", "met", "resolution"),
                (.satisfaction, "2026-11-02T11:00:00Z", "keisha@x", nil, "5", ""),
            ])
        // C: medium, Nora, Break/Fix; carol then marsha (a reassignment) and tier 2 (an
        // escalation); resolved Tuesday 09:00 → 13:00 (240 min, all office hours); rated 3 then
        // 4 (the last counts); reopened and resolved again (counted once); recategorised after
        // the window (still Break/Fix in it).
        try history.ticket(
            "C", "2026-11-03T09:00:00Z", by: "nora@x", .medium,
            [
                (.category, "2026-11-03T09:00:00Z", nil, nil, "Break/Fix", ""),
                (.assignment, "2026-11-03T09:05:00Z", nil, nil, "carol", ""),
                (.assignment, "2026-11-03T10:00:00Z", "carol", "carol", "marsha", ""),
                (.tierEscalation, "2026-11-03T10:00:00Z", "carol", "1", "2", ""),
                (.messageIn, "2026-11-03T11:00:00Z", "marsha", nil, nil, "public reply"),
                (.slaMet, "2026-11-03T11:00:00Z", nil, "running", "met", "first_response"),
                (.status, "2026-11-03T13:00:00Z", "marsha", "open", "resolved", ""),
                (.slaMet, "2026-11-03T13:00:00Z", nil, "running", "met", "resolution"),
                (.satisfaction, "2026-11-03T14:00:00Z", "nora@x", nil, "3", ""),
                (.satisfaction, "2026-11-03T15:00:00Z", "nora@x", nil, "4", ""),
                (.status, "2026-11-04T09:00:00Z", "nora@x", "resolved", "open", ""),
                (.status, "2026-11-04T10:00:00Z", "marsha", "open", "resolved", ""),
                (.category, "2026-11-10T09:00:00Z", "marsha", "Break/Fix", "Optimization", ""),
            ])
        // D: high, Keisha again (a repeated incident); first response breached; open at the end
        // (4.58 days old: 3-7d; its resolution clock running); lowered and resolved after it.
        try history.ticket(
            "D", "2026-11-04T10:00:00Z", by: "keisha@x", .high,
            [
                (.slaBreached, "2026-11-04T10:30:00Z", nil, nil, "first_response", ""),
                (.priority, "2026-11-10T08:00:00Z", "carol", "high", "low", ""),
                (.status, "2026-11-10T09:00:00Z", "carol", "new", "resolved", ""),
            ])
        // E: medium, Keisha again (repeated); solved by her as self-service after 60 min.
        try history.ticket(
            "E", "2026-11-05T12:00:00Z", by: "keisha@x", .medium,
            [
                (.status, "2026-11-05T13:00:00Z", "keisha@x", "new", "resolved", ""),
                (.selfService, "2026-11-05T13:00:00Z", "keisha@x", nil, nil, ""),
            ])
        // F: medium, Pat, Maintenance; carol replies (first response met) and resolves Saturday
        // morning: 1,080 wall-clock minutes, 30 business minutes (Friday 16:30-17:00); closed
        // Saturday and purged later.
        try history.ticket(
            "F", "2026-11-06T16:30:00Z", by: "pat@x", .medium,
            [
                (.category, "2026-11-06T16:30:00Z", nil, nil, "Maintenance", ""),
                (.assignment, "2026-11-06T16:31:00Z", nil, nil, "carol", ""),
                (.messageIn, "2026-11-06T16:45:00Z", "carol", nil, nil, "public reply"),
                (.slaMet, "2026-11-06T16:45:00Z", nil, "running", "met", "first_response"),
                (.status, "2026-11-07T10:30:00Z", "carol", "open", "resolved", ""),
                (.status, "2026-11-07T12:00:00Z", nil, "resolved", "closed", ""),
            ])
        try history.runtime.store.write {
            try $0.updateTicket(history.ids["F"]!, status: .closed, at: at("2026-11-07T12:00:00Z"))
        }
        // P: a problem (not an incident) with G as its child.
        try history.ticket("P", "2026-11-07T08:00:00Z", by: "marsha", .high, problem: true)
        // G: medium, Pat again, Maintenance (repeated after F); pending at the end (1.6 days:
        // 1-3d; both clocks running).
        try history.ticket(
            "G", "2026-11-07T09:00:00Z", by: "pat@x", .medium,
            [
                (.category, "2026-11-07T09:00:00Z", nil, nil, "Maintenance", ""),
                (.status, "2026-11-07T10:00:00Z", "carol", "new", "pending", ""),
            ])
        try history.runtime.store.write {
            try $0.setParent(
                history.ids["P"]!, ofTicket: history.ids["G"]!, confirmed: true, at: at("2026-11-07T09:05:00Z"))
        }
        return history
    }

    static func report(_ history: History) throws -> HelpDeskReport {
        try HelpDesk(runtime: history.runtime).report(from: from, to: to, now: at("2026-11-30T00:00:00Z"))
    }

    @Test func everyFigureMatchesTheHandComputedOneAndSurvivesAPurge() throws {
        let history = try Self.history()
        defer { history.work.remove() }
        let report = try Self.report(history)
        #expect(report.ticketsCreated == 6)  // B C D E F G (A before, P a problem)
        #expect(report.ticketsResolved == 4)  // B C E F; C's second resolution not again
        #expect(report.mttrMinutes.mean == 375)  // (120 + 240 + 60 + 1080) / 4
        #expect(report.mttrMinutes.median == 180)  // (120 + 240) / 2
        #expect(report.mttrMinutes.p90 == 1080)  // nearest rank: ceil(0.9 × 4) = 4th
        #expect(report.mttrMinutes.businessMean == 112.5)  // (120 + 240 + 60 + 30) / 4
        #expect(report.mttrByPriority == ["high": 120, "medium": 460])  // (240 + 60 + 1080) / 3
        #expect(report.firstContactResolutionRate == 0.5)  // B and F
        #expect(
            report.slaCompliance == [
                "high": [
                    "first_response": .init(met: 1, breached: 1, running: 0),  // B met, D breached
                    "resolution": .init(met: 1, breached: 0, running: 1),  // B met, D running
                ],
                "medium": [
                    "first_response": .init(met: 2, breached: 0, running: 1),  // C, F met; G running
                    "resolution": .init(met: 1, breached: 0, running: 1),  // C met; G running
                ],
            ])
        #expect(report.closedByAnalyst == ["cindy": 1, "marsha": 1, "unassigned": 1, "carol": 1])
        #expect(report.reassignments == 1)
        #expect(report.reassignedByAnalyst == ["carol": 1])
        #expect(report.escalations == ["2": 1])
        #expect(report.volumeByCategory == ["none": 3, "Break/Fix": 1, "Maintenance": 2])
        #expect(report.volumeByWeek == ["2026-W45": 6])
        #expect(report.repeatedIncidents == 3)  // D and E after B, G after F
        #expect(report.backlogByAge == [">30d": 1, "3-7d": 1, "1-3d": 1])  // A, D, G
        #expect(report.selfServiceResolutions == 1)
        #expect(report.satisfaction.average == 4.5 && report.satisfaction.count == 2)
        #expect(report.satisfaction.responseRate == 0.5)
        #expect(report.problems == [.init(id: history.ids["P"]!, title: "Ticket P", children: 1)])

        // The weekly mail counts inside one transaction, `ticketd report` on every core: the same.
        let builder = ReportBuilder(configuration: history.runtime.configuration, sla: history.runtime.intake.sla)
        let inOneTransaction = try history.runtime.store.read {
            try builder.report(from: Self.from, to: Self.to, now: Self.at("2026-11-30T00:00:00Z"), in: $0)
        }
        #expect(inOneTransaction == report)
        let split = try history.runtime.store.reportTallies(
            from: Self.from, to: Self.to, asOf: Self.to, parts: 3)
        #expect(builder.calculator(from: Self.from, to: Self.to).report(split) == report)

        let purged = try HelpDesk(runtime: history.runtime).purge(
            closedBefore: Self.at("2026-11-08T00:00:00Z"), dryRun: false)
        #expect(purged.tickets == 1)
        #expect(try Self.report(history) == report)
    }

    @Test func jsonCSVTableAndHTMLCarryEachFigure() throws {
        let history = try Self.history()
        defer { history.work.remove() }
        let report = try Self.report(history)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONOutput.encode(report).utf8)) as? [String: Any])
        for key in [
            "mttr_minutes", "first_contact_resolution_rate", "sla_compliance", "closed_by_analyst", "reassignments",
            "escalations", "volume_by_category", "volume_by_week", "repeated_incidents", "backlog_by_age",
            "self_service_resolutions", "satisfaction",
        ] {
            #expect(json[key] != nil, "JSON lacks \(key)")
        }
        #expect((json["mttr_minutes"] as? [String: Any])?["business_mean"] as? Double == 112.5)
        #expect(json["first_contact_resolution_rate"] as? Double == 0.5)
        #expect(((json["sla_compliance"] as? [String: Any])?["high"] as? [String: Any]).map { $0.count } == 2)

        let csv = ReportRenderer.csv(report)
        for line in [
            "figure,key,value", "tickets_created,,6", "mttr_minutes,mean,375.00", "mttr_minutes,median,180.00",
            "mttr_minutes,p90,1080.00", "mttr_minutes,business_mean,112.50", "mttr_by_priority,medium,460.00",
            "first_contact_resolution_rate,,0.50", "sla_compliance,high.first_response.breached,1",
            "sla_compliance,medium.resolution.running,1", "closed_by_analyst,unassigned,1", "reassignments,,1",
            "reassigned_by_analyst,carol,1", "escalations,tier 2,1", "volume_by_category,Maintenance,2",
            "volume_by_week,2026-W45,6", "repeated_incidents,,3", "backlog_by_age,>30d,1", "backlog_by_age,7-30d,0",
            "self_service_resolutions,,1", "satisfaction,average,4.50", "satisfaction,response_rate,0.50",
            "problems,#\(history.ids["P"]!) Ticket P,1",
        ] {
            #expect(csv.split(separator: "\n").contains(Substring(line)), "CSV lacks \(line)")
        }
        let table = ReportRenderer.table(report)
        for line in [
            "tickets_created: 6", "    mean: 375.00", "    business_mean: 112.50",
            "first_contact_resolution_rate: 0.50",
            "    high.first_response.met: 1", "    carol: 1", "repeated_incidents: 3", "    3-7d: 1",
            "self_service_resolutions: 1", "    count: 2",
        ] {
            #expect(table.split(separator: "\n").contains(Substring(line)), "table lacks \(line)")
        }
        let html = ReportRenderer.html(report, title: "Help desk report")
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=\"http"))
        for text in [
            "375.0 min", "180.0 / 1080.0 min", "112.5 min", "50%", "4.50 of 5", "Volume by week", "2026-W45",
            "Break/Fix", "Maintenance", "Resolution time by priority", "SLA compliance", "Backlog by age",
            "Closed per analyst", "Reassigned per analyst", "Escalations into tier", "Problems", "Ticket P",
        ] {
            #expect(html.contains(text), "HTML lacks \(text)")
        }
    }

    @Test func anEmptyWindowHasNoAveragesOnlyZeros() throws {
        let history = try Self.history()
        defer { history.work.remove() }
        let empty = try HelpDesk(runtime: history.runtime).report(
            from: Self.at("2025-01-06T00:00:00Z"), to: Self.at("2025-01-13T00:00:00Z"),
            now: Self.at("2026-11-30T00:00:00Z"))
        #expect(empty.ticketsCreated == 0 && empty.ticketsResolved == 0 && empty.mttrMinutes.mean == nil)
        #expect(
            empty.firstContactResolutionRate == nil && empty.satisfaction.average == nil && empty.backlogByAge.isEmpty)
    }
}
