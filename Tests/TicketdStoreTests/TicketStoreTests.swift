import Foundation
import Testing
import TicketdCore
import TicketdStore

@Suite struct TicketStoreTests {
    static func withStore(_ body: (TicketStore, String) throws -> Void) throws {
        let directory = NSTemporaryDirectory() + "ticketd-store-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/ticketd.sqlite"
        try body(try TicketStore(path: path), path)
    }

    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func newTicket(_ session: StoreSession, email: String = "nora@example.org") throws -> Int64 {
        try session.createTicket(
            NewTicketRecord(
                subject: "printer", priority: .medium, requester: Person(name: "Nora", email: email), createdAt: now))
    }

    @Test func reopeningRunsNoMigrationTwiceAndKeepsData() throws {
        try Self.withStore { store, path in
            let id = try store.write { try Self.newTicket($0) }
            let reopened = try TicketStore(path: path)
            #expect(try reopened.read { try $0.ticket(id)?.subject } == "printer")
        }
    }

    @Test func aMessageIDIsStoredOnce() throws {
        try Self.withStore { store, _ in
            let record = MessageRecord(
                messageID: "m@x", direction: .in, kind: .public, from: Person(name: "", email: "nora@example.org"),
                subject: "s", body: "b", arrivedAt: Self.now, references: ["parent@x"])
            try store.write { session in
                let id = try Self.newTicket(session)
                try session.addMessage(record, toTicket: id)
            }
            #expect(throws: StoreError.self) {
                try store.write { session in try session.addMessage(record, toTicket: 1) }
            }
            #expect(try store.read { try $0.contentDigests(ofMessageID: "m@x") }?.count == 1)
            #expect(try store.read { try $0.ticketID(forMessageIDs: ["unknown@x", "m@x"]) } == 1)
        }
    }

    @Test func aFailedTransactionLeavesNothingBehind() throws {
        try Self.withStore { store, _ in
            #expect(throws: StoreError.self) {
                try store.write { session in
                    _ = try Self.newTicket(session)
                    try session.saveCheckpoint(
                        MailboxCheckpoint(uidValidity: 1, lastUID: 9), mailbox: "INBOX", at: Self.now)
                    throw CancellationError()
                }
            }
            let count = try store.read { try $0.ticketCount() }
            let checkpoint = try store.read { try $0.checkpoint(mailbox: "INBOX") }
            #expect(count == 0)
            #expect(checkpoint == nil)
        }
    }

    @Test func theOutboxHandsOutDueMailOldestFirstAndForgetsSentMail() throws {
        try Self.withStore { store, _ in
            try store.write { session in
                for index in 0..<3 {
                    try session.enqueue(
                        OutboxRecord(
                            messageID: "o\(index)@x", ticketID: nil, kind: "test", recipients: ["a@example.org"],
                            envelopeFrom: "b@example.org", raw: Array("mail \(index)\r\n".utf8)),
                        at: Self.now.addingTimeInterval(Double(index)))
                }
            }
            let due = try store.read { try $0.dueOutbox(at: Self.now.addingTimeInterval(10), limit: 10) }
            #expect(due.map(\.messageID) == ["o0@x", "o1@x", "o2@x"])
            try store.write { session in
                try session.markSent(due[0].id, at: Self.now)
                try session.markRetry(due[1].id, error: "451", nextAttempt: Self.now.addingTimeInterval(100))
                try session.markFailed(due[2].id, error: "550", at: Self.now)
            }
            #expect(try store.read { try $0.dueOutbox(at: Self.now.addingTimeInterval(10), limit: 10) }.isEmpty)
            #expect(
                try store.read { try $0.dueOutbox(at: Self.now.addingTimeInterval(200), limit: 10) }.map(\.messageID)
                    == ["o1@x"])
            let summary = try store.read { try $0.outboxSummary() }
            #expect(summary.unsent == 1 && summary.failed == 1)
        }
    }

    @Test func ticketListsFilterAndComeNewestFirst() throws {
        try Self.withStore { store, _ in
            try store.write { session in
                _ = try Self.newTicket(session, email: "a@example.org")
                let second = try Self.newTicket(session, email: "b@example.org")
                try session.updateTicket(second, status: .pending, at: Self.now)
                _ = try Self.newTicket(session, email: "a@example.org")
            }
            #expect(try store.read { try $0.tickets(TicketFilter()) }.map(\.id) == [3, 2, 1])
            #expect(try store.read { try $0.tickets(TicketFilter(requester: "A@example.org")) }.map(\.id) == [3, 1])
            #expect(try store.read { try $0.tickets(TicketFilter(status: .pending)) }.map(\.id) == [2])
            #expect(try store.read { try $0.tickets(TicketFilter(limit: 1)) }.map(\.id) == [3])
        }
    }

    @Test func theHourlyTotalSlidesWithoutCountingEveryReply() throws {
        try Self.withStore { store, _ in
            let hourStart = Date(timeIntervalSince1970: 500_000 * 3600)
            try store.write { session in
                for index in 0..<4 {
                    try session.recordAutoReply(to: "p\(index)@x", at: hourStart.addingTimeInterval(600))
                }
            }
            #expect(try store.read { try $0.autoRepliesInLastHour(at: hourStart.addingTimeInterval(1800)) } == 4)
            // Half the next hour gone: half of the last hour's replies still count.
            #expect(try store.read { try $0.autoRepliesInLastHour(at: hourStart.addingTimeInterval(5400)) } == 2)
            #expect(try store.read { try $0.autoRepliesInLastHour(at: hourStart.addingTimeInterval(7300)) } == 0)
        }
    }
}
