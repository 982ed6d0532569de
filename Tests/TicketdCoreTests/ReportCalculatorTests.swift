import Foundation
import Testing
import TicketdCore

/// A small history whose every figure is worked out by hand (see each comment).
@Suite struct ReportCalculatorTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func event(
        _ kind: TicketEvent.Kind, _ time: String, actor: String = "ticketd", role: TicketEvent.Role = .system,
        from: String? = nil, to: String? = nil, detail: String = ""
    ) -> TicketEvent {
        TicketEvent(kind, actor: actor, role: role, at: at(time), from: from, to: to, detail: detail)
    }

    static let trails: [ReportCalculator.Trail] = [
        // #10: before the window, still open at its end: backlog over 30 days.
        .init(
            ticketID: 10, events: [event(.created, "2026-10-01T09:00:00Z", actor: "bob@x", role: .requester, to: "low")]
        ),
        // #1: high; cindy assigned, one public reply (first response met), resolved after 120 min; rated 5.
        .init(
            ticketID: 1,
            events: [
                event(.created, "2026-11-02T08:00:00Z", actor: "keisha@x", role: .requester, to: "high"),
                event(.assignment, "2026-11-02T08:10:00Z", to: "cindy"),
                event(.messageIn, "2026-11-02T08:30:00Z", actor: "cindy", role: .analyst, detail: "public reply"),
                event(.slaMet, "2026-11-02T08:30:00Z", from: "running", to: "met", detail: "first_response"),
                event(.status, "2026-11-02T10:00:00Z", actor: "cindy", role: .analyst, from: "open", to: "resolved"),
                event(.slaMet, "2026-11-02T10:00:00Z", from: "running", to: "met", detail: "resolution"),
                event(.satisfaction, "2026-11-02T11:00:00Z", actor: "keisha@x", role: .requester, to: "5"),
            ]),
        // #2: medium, Break/Fix; carol then marsha (a reassignment) and tier 2 (an escalation);
        // resolved after 240 min; rated 3 then 4 (the last counts).
        .init(
            ticketID: 2,
            events: [
                event(.created, "2026-11-03T09:00:00Z", actor: "nora@x", role: .requester, to: "medium"),
                event(.category, "2026-11-03T09:00:00Z", to: "Break/Fix"),
                event(.assignment, "2026-11-03T09:05:00Z", to: "carol"),
                event(.assignment, "2026-11-03T10:00:00Z", actor: "carol", role: .analyst, from: "carol", to: "marsha"),
                event(.tierEscalation, "2026-11-03T10:00:00Z", actor: "carol", role: .analyst, from: "1", to: "2"),
                event(.messageIn, "2026-11-03T11:00:00Z", actor: "marsha", role: .analyst, detail: "public reply"),
                event(.slaMet, "2026-11-03T11:00:00Z", from: "running", to: "met", detail: "first_response"),
                event(.status, "2026-11-03T13:00:00Z", actor: "marsha", role: .analyst, from: "open", to: "resolved"),
                event(.slaMet, "2026-11-03T13:00:00Z", from: "running", to: "met", detail: "resolution"),
                event(.satisfaction, "2026-11-03T14:00:00Z", actor: "nora@x", role: .requester, to: "3"),
                event(.satisfaction, "2026-11-03T15:00:00Z", actor: "nora@x", role: .requester, to: "4"),
            ]),
        // #3: high, Keisha again (a repeated incident); first response breached; open at the end
        // (4.6 days old: backlog 3-7d; its resolution clock still running).
        .init(
            ticketID: 3,
            events: [
                event(.created, "2026-11-04T10:00:00Z", actor: "keisha@x", role: .requester, to: "high"),
                event(.slaBreached, "2026-11-04T10:30:00Z", to: "first_response"),
            ]),
        // #4: medium, Keisha again (repeated); solved by her as self-service after 60 min.
        .init(
            ticketID: 4,
            events: [
                event(.created, "2026-11-05T12:00:00Z", actor: "keisha@x", role: .requester, to: "medium"),
                event(
                    .status, "2026-11-05T13:00:00Z", actor: "keisha@x", role: .requester, from: "new", to: "resolved"),
                event(.selfService, "2026-11-05T13:00:00Z", actor: "keisha@x", role: .requester),
            ]),
    ]

    static let calculator = ReportCalculator(
        from: at("2026-11-02T00:00:00Z"), to: at("2026-11-09T00:00:00Z"),
        clocks: [.high: ["first_response", "resolution"], .medium: ["first_response", "resolution"]],
        timeZone: TimeZone(identifier: "UTC")!, businessMinutes: { _, start, end in end.timeIntervalSince(start) / 60 })

    @Test func everyFigureMatchesTheHandComputedOne() {
        let report = Self.calculator.report(Self.trails)
        #expect(report.ticketsCreated == 4)
        #expect(report.ticketsResolved == 3)
        #expect(report.mttrMinutes.mean == 140)  // (120 + 240 + 60) / 3
        #expect(report.mttrMinutes.median == 120)
        #expect(report.mttrMinutes.p90 == 240)  // nearest rank: ceil(0.9 × 3) = 3rd
        #expect(report.mttrMinutes.businessMean == 140)
        #expect(report.firstContactResolutionRate == 1.0 / 3)  // only #1
        #expect(
            report.slaCompliance["high"]?["first_response"]
                == HelpDeskReport.Compliance(met: 1, breached: 1, running: 0))
        #expect(
            report.slaCompliance["high"]?["resolution"] == HelpDeskReport.Compliance(met: 1, breached: 0, running: 1))
        #expect(
            report.slaCompliance["medium"]?["first_response"]
                == HelpDeskReport.Compliance(met: 1, breached: 0, running: 0))
        #expect(
            report.slaCompliance["medium"]?["resolution"] == HelpDeskReport.Compliance(met: 1, breached: 0, running: 0))
        #expect(report.closedByAnalyst == ["cindy": 1, "marsha": 1, "unassigned": 1])
        #expect(report.reassignments == 1)
        #expect(report.escalations == ["2": 1])
        #expect(report.volumeByCategory == ["none": 3, "Break/Fix": 1])
        #expect(report.volumeByWeek == ["2026-W45": 4])
        #expect(report.repeatedIncidents == 2)  // #3 and #4 after Keisha's #1
        #expect(report.backlogByAge == ["3-7d": 1, ">30d": 1])
        #expect(report.selfServiceResolutions == 1)
        #expect(report.satisfaction.average == 4.5)
        #expect(report.satisfaction.count == 2)
        #expect(report.satisfaction.responseRate == 2.0 / 3)
    }

    @Test func csvRowsCarryEveryFigure() {
        let rows = Self.calculator.report(Self.trails).rows
        #expect(rows.contains { $0 == ("mttr_minutes", "mean", "140.00") })
        #expect(rows.contains { $0 == ("sla_compliance", "high.first_response.breached", "1") })
        #expect(rows.contains { $0 == ("backlog_by_age", ">30d", "1") })
        #expect(rows.contains { $0 == ("satisfaction", "response_rate", "0.67") })
    }

    @Test func anEmptyWindowHasNoAveragesOnlyZeros() {
        let empty = ReportCalculator(
            from: Self.at("2025-01-06T00:00:00Z"), to: Self.at("2025-01-13T00:00:00Z"), clocks: [:],
            timeZone: TimeZone(identifier: "UTC")!, businessMinutes: { _, _, _ in 0 }
        ).report(Self.trails)
        #expect(empty.ticketsCreated == 0 && empty.mttrMinutes.mean == nil && empty.firstContactResolutionRate == nil)
    }
}
