import Foundation
import Testing
import TicketdCore

/// The planner decides without a database: each row a ticket, a request, who asks, and the
/// effects (or the refusal) expected.
@Suite struct TicketPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let planner = TicketPlanner(analysts: ["carol", "marsha"], categories: ["Break/Fix", "Maintenance"])
    static let pending = TicketPlanner.Snapshot(
        id: 7, status: .pending, priority: .medium, category: nil, assignee: "carol", steps: ["approval"])
    static let carol = ChangeActor(name: "carol", role: .operator)

    static func event(
        _ kind: TicketEvent.Kind, _ from: String?, _ to: String?, actor: ChangeActor = carol, reason: String = ""
    ) -> TicketEffect {
        .record(TicketEvent(kind, actor: actor.name, role: actor.role, at: now, from: from, to: to, detail: reason))
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var request: TicketChangeRequest
        var actor: ChangeActor = TicketPlannerTests.carol
        var expected: Result<[TicketEffect], TicketPlanner.Refusal>
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "the requester's reply reopens a pending ticket",
            request: TicketChangeRequest(status: .open, reason: "requester replied"),
            actor: ChangeActor(name: "keisha@clinic.example", role: .requester),
            expected: .success([
                .setStatus(.open),
                event(
                    .status, "pending", "open", actor: ChangeActor(name: "keisha@clinic.example", role: .requester),
                    reason: "requester replied"),
                .clocksFollowStatus(from: .pending, to: .open),
            ])),
        Row(
            name: "priority, then status (resolved: the requester is told), then assignee, then category, then steps",
            request: TicketChangeRequest(
                status: .resolved, priority: .high, category: "Break/Fix", assignee: "marsha",
                steps: [.init(name: "approval", minutes: nil), .init(name: "vendor", minutes: 240)]),
            expected: .success([
                .setPriority(.high), event(.priority, "medium", "high"), .clocksFollowPriority(.high),
                .setStatus(.resolved), event(.status, "pending", "resolved"),
                .clocksFollowStatus(from: .pending, to: .resolved), .tellRequesterResolved(""),
                .setAssignee("marsha"), event(.assignment, "carol", "marsha"), .tellAssignee("marsha"),
                .setCategory("Break/Fix"), event(.category, nil, "Break/Fix"),
                .finishStep(name: "approval"), .startStep(name: "vendor", minutes: 240),
            ])),
        Row(
            name: "what does not change is not recorded",
            request: TicketChangeRequest(status: .pending, priority: .medium, assignee: "carol"),
            expected: .success([])),
        Row(
            name: "an empty assignee unassigns",
            request: TicketChangeRequest(assignee: ""),
            expected: .success([.setAssignee(nil), event(.assignment, "carol", nil)])),
        Row(
            name: "an unknown analyst is refused",
            request: TicketChangeRequest(priority: .high, assignee: "mallory"),
            expected: .failure(.init("unknown analyst \"mallory\" (configured: carol, marsha)"))),
        Row(
            name: "an unknown category is refused",
            request: TicketChangeRequest(category: "Gardening"),
            expected: .failure(.init("unknown category \"Gardening\" (configured: Break/Fix, Maintenance)"))),
        Row(
            name: "finishing a step the ticket does not have is refused",
            request: TicketChangeRequest(steps: [.init(name: "nope", minutes: nil)]),
            expected: .failure(.init("ticket #7 has no step \"nope\""))),
    ]

    @Test(arguments: rows)
    func plans(row: Row) {
        #expect(Self.planner.plan(row.request, for: Self.pending, by: row.actor, at: Self.now) == row.expected)
    }

    /// `#link N` on a child ticketd linked to N by its words confirms the link; on a child an
    /// analyst linked already it changes nothing.
    @Test func linkingAnAutoLinkedChildConfirmsIt() {
        var child = Self.pending
        child.parent = 3
        child.parentConfirmed = false
        let request = TicketChangeRequest(parent: 3)
        #expect(
            Self.planner.plan(request, for: child, by: Self.carol, at: Self.now)
                == .success([.setParent(3), Self.event(.link, "3", "3")]))
        child.parentConfirmed = true
        #expect(Self.planner.plan(request, for: child, by: Self.carol, at: Self.now) == .success([]))
    }

    @Test func aRefusedRequestPlansNothingAtAll() {
        let request = TicketChangeRequest(status: .resolved, priority: .critical, assignee: "nobody")
        guard case .failure = Self.planner.plan(request, for: Self.pending, by: Self.carol, at: Self.now) else {
            Issue.record("a request with one bad part must be refused whole")
            return
        }
    }
}

/// The timers of waiting tickets: close, remind once, resolve.
@Suite struct StatusTimersTests {
    static let day: TimeInterval = 86_400
    static let timers = StatusTimers(autoCloseAfter: 7 * day, reminderAfter: 3 * day, resolveAfter: 7 * day)
    static let since = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [
        (TicketStatus.resolved, 6.9, nil as Double?, nil as StatusTimers.Action?),
        (.resolved, 7, nil, .close),
        (.pending, 2.9, nil, nil),
        (.pending, 3, nil, .remind),
        (.pending, 4, 3.0, nil),  // reminded in this pending period
        (.pending, 4, -1.0, .remind),  // reminded in an earlier one
        (.pending, 7, 3.0, .resolve),
        (.open, 30, nil, nil),
        (.closed, 30, nil, nil),
    ])
    func due(_ status: TicketStatus, _ days: Double, _ remindedDay: Double?, _ expected: StatusTimers.Action?) {
        let reminded = remindedDay.map { Self.since.addingTimeInterval($0 * Self.day) }
        #expect(
            Self.timers.due(
                status: status, since: Self.since, remindedAt: reminded,
                at: Self.since.addingTimeInterval(days * Self.day))
                == expected)
    }
}
