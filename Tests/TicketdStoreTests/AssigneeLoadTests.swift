import Foundation
import GRDB
import Testing
import TicketdCore

@testable import TicketdStore

/// The analysts' open-ticket counts are kept by triggers as tickets change (created assigned,
/// reassigned, unassigned, resolved, reopened, deleted), and always agree with counting the
/// open tickets themselves.
@Suite struct AssigneeLoadTests {
    @Test func countsFollowEveryChange() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t.sqlite").path
        let store = try TicketStore(path: path)
        let now = Date()
        func counted() throws -> [String: Int] {
            let queue = try DatabaseQueue(path: path)
            var counts: [String: Int] = [:]
            for row in try queue.read({
                try Row.fetchAll(
                    $0,
                    sql: """
                        SELECT assignee, COUNT(*) AS n FROM tickets
                        WHERE status IN ('new', 'open', 'pending') AND assignee IS NOT NULL GROUP BY assignee
                        """)
            }) {
                counts[row["assignee"]] = row["n"]
            }
            return counts
        }
        func check(_ expected: [String: Int]) throws {
            let kept = try store.read { try $0.openTicketCountsByAssignee() }
            #expect(kept == expected)
            #expect(try counted() == expected)
        }
        let ids = try store.write { session in
            try (0..<4).map { index in
                try session.createTicket(
                    NewTicketRecord(
                        subject: "t\(index)", priority: .medium, requester: Person(name: "", email: "r\(index)@x"),
                        createdAt: now))
            }
        }
        try check([:])
        try store.write { session in
            for id in ids { try session.updateTicket(id, assignee: .some("carol"), at: now) }
            try session.updateTicket(ids[3], assignee: .some("marsha"), at: now)
        }
        try check(["carol": 3, "marsha": 1])
        try store.write { session in
            try session.updateTicket(ids[0], status: .resolved, at: now)
            try session.updateTicket(ids[1], status: .pending, at: now)
            try session.updateTicket(ids[2], assignee: .some(nil), at: now)
        }
        try check(["carol": 1, "marsha": 1])
        try store.write { session in
            try session.updateTicket(ids[0], status: .open, at: now)  // reopened
            try session.updateTicket(ids[3], status: .closed, assignee: .some("carol"), at: now)
        }
        try check(["carol": 2])
    }
}
