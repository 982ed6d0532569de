import Foundation
import Testing
import TicketdCore

/// The intake's decisions that live in Core: routing and whether an acknowledgement goes out.
@Suite struct IntakeDecisionTests {
    static func rule(
        _ name: String, _ field: RoutingRule.Field, _ pattern: String, _ outcome: RoutingRule.Outcome
    )
        -> RoutingRule
    {
        // Test patterns are literals written here; a bad one is a bug in this table.
        RoutingRule(
            name: name, patterns: [(field, try! NSRegularExpression(pattern: pattern))], outcome: outcome)
    }

    static let router = Router(
        rules: [
            rule("payroll", .to, "payroll-help@", .init(category: "Break/Fix", priority: .high, skill: "payroll")),
            rule("server", .body, "(?i)server down", .init(priority: .critical)),
            rule("anything", .subject, ".", .init(category: "Operational Request")),
        ],
        defaultPriority: .medium, groups: ["executives": ["ceo@x.org"]], vipGroups: ["executives"])

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var subject = "s"
        var from = "nora@x.org"
        var to: [String] = []
        var body = "b"
        var priority: Priority
        var rule: String?
        var testDescription: String { name }
    }

    @Test(arguments: [
        Row(
            name: "the first matching rule wins", to: ["payroll-help@x.org"], body: "server down", priority: .high,
            rule: "payroll"),
        Row(name: "a body rule", body: "our SERVER DOWN again", priority: .critical, rule: "server"),
        Row(
            name: "a VIP raises one step", from: "ceo@x.org", to: ["payroll-help@x.org"], priority: .critical,
            rule: "payroll"),
        Row(name: "the default priority", subject: "", priority: .medium, rule: nil),
        Row(
            name: "rules read only the start of a long body",
            body: String(repeating: "x", count: Router.bodyPrefixBytes) + " server down", priority: .medium,
            rule: "anything"),
    ])
    func routes(row: Row) {
        let routing = Self.router.route(subject: row.subject, from: row.from, recipients: row.to, body: row.body)
        #expect(routing.priority == row.priority)
        #expect(routing.ruleName == row.rule)
    }

    /// Severity and VIP raises need a trusted sender: a forged "server down" or a VIP's From
    /// line raises nothing and says what it would have done.
    @Test(arguments: [
        ("server down", "nora@x.org", Priority.critical, Priority.medium, "critical_when would have made it critical"),
        ("hello", "ceo@x.org", Priority.high, Priority.medium, "a VIP group would have raised it to high"),
    ])
    func raisesNeedATrustedSender(body: String, from: String, trusted: Priority, untrusted: Priority, note: String) {
        let router = Router(
            rules: [], defaultPriority: .medium, groups: ["executives": ["ceo@x.org"]], vipGroups: ["executives"],
            severityRules: [Self.rule("critical_when", .body, "(?i)server down", .init(priority: .critical))])
        let raised = router.route(subject: "s", from: from, recipients: [], body: body, senderTrusted: true)
        #expect(raised.priority == trusted && raised.withheld == nil)
        let held = router.route(subject: "s", from: from, recipients: [], body: body, senderTrusted: false)
        #expect(held.priority == untrusted)
        #expect(held.withheld?.contains(note) == true)
        #expect(held.severity == nil && !held.vip)
    }

    @Test func noticeCapsHoldTheNoticeOrOnlyThePage() {
        let limit = NoticeLimit()
        func decide(
            analyst: Int = 0, sender: Int = 0, pagesAnalyst: Int = 0, pagesSender: Int = 0, urgent: Bool = true
        )
            -> NoticeLimit.Decision
        {
            limit.assignment(
                toAnalyst: analyst, aboutSender: sender, pagesToAnalyst: pagesAnalyst, pagesAboutSender: pagesSender,
                urgent: urgent)
        }
        #expect(decide() == NoticeLimit.Decision(notify: true, page: true, reason: nil))
        #expect(decide(urgent: false) == NoticeLimit.Decision(notify: true, page: false, reason: nil))
        #expect(decide(analyst: limit.perAnalystPerHour).notify == false)
        #expect(decide(analyst: limit.perAnalystPerHour).reason?.contains("per_analyst_per_hour") == true)
        #expect(decide(sender: limit.perSenderPerHour).notify == false)
        let noPage = decide(pagesSender: limit.pagesPerSenderPerHour)
        #expect(noPage.notify && !noPage.page && noPage.reason?.contains("pages_per_sender_per_hour") == true)
        #expect(decide(pagesAnalyst: limit.pagesPerAnalystPerHour).page == false)
        #expect(limit.allowsRelay(sentThisHour: limit.relaysPerTicketSenderPerHour - 1))
        #expect(!limit.allowsRelay(sentThisHour: limit.relaysPerTicketSenderPerHour))
    }

    @Test func acknowledgementsStopAtEachCapWithTheReason() {
        let policy = AcknowledgementPolicy(perPerson: 10, window: "1h", perHourTotal: 1000, perHourVerified: 50_000)
        let none = SenderVerdict(.none, reason: "no trusted field")
        let pass = SenderVerdict(.pass, reason: "dmarc=pass header.from=x")
        let fail = SenderVerdict(.fail, reason: "dmarc=fail header.from=x")
        func decide(
            _ verdict: SenderVerdict, loop: String? = nil, person: Int = 0, hour: Int = 0
        )
            -> AcknowledgementPolicy.Verdict
        {
            policy.decide(
                loopSuppression: loop, sender: verdict, person: "a@x", sentToPerson: person, sentInLastHour: hour)
        }
        #expect(decide(none, person: 9, hour: 999) == .send)
        #expect(
            decide(none, loop: "Auto-Submitted: auto-replied") == .suppress(reason: "Auto-Submitted: auto-replied"))
        #expect(decide(none, person: 10) == .suppress(reason: "auto_reply_limit reached (10 per 1h) for a@x"))
        #expect(
            decide(none, hour: 1000)
                == .pause(reason: "auto_reply_limit.per_hour_total reached (1000 in the last hour)"))
        // A forged sender gets nothing (no backscatter); a verified one counts in its own bucket.
        #expect(decide(fail) == .suppress(reason: "unverified sender (dmarc=fail header.from=x): no acknowledgement"))
        #expect(decide(pass, hour: 1000) == .send)
        #expect(
            decide(pass, hour: 50_000)
                == .pause(reason: "auto_reply_limit.per_hour_verified reached (50000 in the last hour)"))
    }
}
