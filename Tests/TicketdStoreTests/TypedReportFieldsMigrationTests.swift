import Foundation
import GRDB
import Testing
import TicketdCore

@testable import TicketdStore

/// v14: the report summary reads typed fields, never the people's `detail`. Events written before
/// (the clock's name and "public reply" in `detail` alone) are given their typed fields, and from
/// then on rewording a detail changes no figure.
@Suite struct TypedReportFieldsMigrationTests {
    @Test func oldEventsGetTypedFieldsAndDetailNoLongerCounts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("v14-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("t.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v13-audiences")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tickets (id, subject, status, priority, requester_name, requester_email, created_at, updated_at)
                    VALUES (1, 's', 'open', 'high', '', 'k@clinic.example', '2026-11-02 08:00:00.000', '2026-11-02 08:00:00.000');
                    INSERT INTO events (ticket_id, type, actor, role, at, to_value, detail)
                    VALUES (1, 'created', 'k@clinic.example', 'requester', '2026-11-02 08:00:00.000', 'high', '');
                    INSERT INTO events (ticket_id, type, actor, role, at, detail)
                    VALUES (1, 'message_in', 'cindy', 'analyst', '2026-11-02 08:30:00.000', 'public reply');
                    INSERT INTO events (ticket_id, type, actor, role, at, from_value, to_value, detail)
                    VALUES (1, 'sla_met', 'ticketd', 'system', '2026-11-02 08:30:00.000', 'running', 'met', 'first_response');
                    """)
        }
        let store = try TicketStore(path: path)
        let events = try #require(try store.read { try $0.ticketDetail(1) }?.events)
        #expect(events.first { $0.kind == .messageIn }?.to == "public")
        #expect(events.first { $0.kind == .slaMet }?.clock == "first_response")
        func facts() throws -> Row? {
            try queue.read {
                try Row.fetchOne(
                    $0, sql: "SELECT public_replies, resolution_met_at FROM report_facts WHERE ticket_id = 1")
            }
        }
        #expect(try facts()?["public_replies"] as Int? == 1)
        try store.write { session in
            // Reworded details count for nothing; the typed fields do.
            try session.addEvent(
                TicketEvent(.messageIn, actor: "cindy", role: .analyst, at: Date(), detail: "public reply"),
                toTicket: 1)
            try session.addEvent(
                TicketEvent(.slaMet, at: Date(), from: "running", to: "met", detail: "resolution"), toTicket: 1)
        }
        #expect(try facts()?["public_replies"] as Int? == 1)
        #expect(try facts()?["resolution_met_at"] as Int? == nil)
        try store.write { session in
            try session.addEvent(
                TicketEvent(
                    .messageIn, actor: "cindy", role: .analyst, at: Date(),
                    to: TicketEvent.AnalystMail.publicReply.rawValue,
                    detail: "answered the nurse"), toTicket: 1)
            try session.addEvent(
                TicketEvent(.slaMet, at: Date(), from: "running", to: "met", detail: "met", clock: "resolution"),
                toTicket: 1)
        }
        #expect(try facts()?["public_replies"] as Int? == 2)
        #expect(try facts()?["resolution_met_at"] as Int? != nil)
    }
}
