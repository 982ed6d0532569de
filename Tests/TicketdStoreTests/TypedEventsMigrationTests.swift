import Foundation
import GRDB
import Testing
import TicketdCore
import TicketdStore

/// A database written by the version before typed events (Fixtures/v3-before-typed-events.sqlite:
/// two mails polled, `ticket set 1 --status pending --priority high --assign carol --category
/// Break/Fix`, the requester's reply, a stranger's mail) opens migrated: every event typed, with
/// its values and roles, and the database refuses values the code does not know.
@Suite struct TypedEventsMigrationTests {
    static func migratedCopy() throws -> (TicketStore, String) {
        let fixture = try #require(
            Bundle.module.url(
                forResource: "v3-before-typed-events", withExtension: "sqlite", subdirectory: "Fixtures"))
        let directory = NSTemporaryDirectory() + "ticketd-migration-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/ticketd.sqlite"
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return (try TicketStore(path: path), directory)
    }

    @Test func oldEventsBecomeTypedWithValuesAndRoles() throws {
        let (store, directory) = try Self.migratedCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ticket = try #require(try store.read { try $0.ticketDetail(1) })
        #expect(ticket.status == .open && ticket.priority == .high && ticket.assignee == "carol")
        let events = try #require(ticket.events)
        func first(_ kind: TicketEvent.Kind, to: String? = nil) -> TicketEvent? {
            events.first { $0.kind == kind && (to == nil || $0.to == to) }
        }
        #expect(first(.created)?.role == .requester)
        #expect(first(.priority).map { [$0.from, $0.to] } == ["medium", "high"])
        #expect(first(.priority)?.role == .operator)
        #expect(first(.status, to: "pending").map { [$0.from, $0.to] } == ["new", "pending"])
        #expect(first(.assignment)?.to == "carol")
        #expect(first(.category)?.to == "Break/Fix")
        #expect(first(.messageIn)?.role == .requester)
        let reopened = try #require(first(.status, to: "open"))
        #expect(reopened.from == "pending" && reopened.role == .requester)
        #expect(first(.slaRemoved)?.role == .system)
        let stranger = try #require(try store.read { try $0.ticketDetail(3) })
        #expect(stranger.events?.contains { $0.kind == .link } == true)
    }

    /// v10 replays the migrated trails through the report triggers: each ticket's summary holds
    /// what its events say.
    @Test func reportFactsAreReplayedFromTheTrail() throws {
        let (store, directory) = try Self.migratedCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let queue = try DatabaseQueue(path: "\(directory)/ticketd.sqlite")
        let row = try #require(
            try queue.read {
                try Row.fetchOne(
                    $0, sql: "SELECT priority, category, active, assignee FROM report_facts WHERE ticket_id = 1")
            })
        #expect(row[0] as Int == Priority.high.rank && row[1] as String? == "Break/Fix")
        #expect(row[2] as Bool && row[3] as String? == "carol")
        let tickets = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets") }
        let summarised = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM report_facts") }
        #expect(tickets == summarised)
        let tallies = try store.read {
            try $0.reportTallies(from: Date(timeIntervalSince1970: 0), to: Date(), asOf: Date())
        }
        #expect(tallies.openedByCategory.values.reduce(0, +) == tickets)
    }

    @Test func unknownValuesAreRefusedNotDefaulted() throws {
        let (store, directory) = try Self.migratedCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/ticketd.sqlite"
        let queue = try DatabaseQueue(path: path)
        #expect(throws: (any Error).self) {
            try queue.write { try $0.execute(sql: "UPDATE tickets SET status = 'bogus' WHERE id = 1") }
        }
        #expect(throws: (any Error).self) {
            try queue.write {
                try $0.execute(
                    sql:
                        "INSERT INTO events (ticket_id, type, actor, at, detail) VALUES (1, 'reply', 'x', '2026-01-01', '')"
                )
            }
        }
        // A value written past the checks (a damaged file) is an error when read, not a default.
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER tickets_valid_update")
            try db.execute(sql: "UPDATE tickets SET priority = 'urgent' WHERE id = 2")
        }
        #expect(throws: StoreError.self) { try store.read { try $0.ticket(2) } }
    }
}
