/// Which rule a new ticket's mail matches (the first one wins), with the VIP raise and the
/// severity conditions (`critical_when`, `high_when`: they only raise): the priority, category,
/// skill, tier and calendar a ticket opens with. Pure and table-tested.
public struct Router: Sendable {
    /// What routing decided for one mail.
    public struct Routing: Sendable, Equatable {
        public var priority: Priority
        public var outcome: RoutingRule.Outcome
        /// The matching rule's name, if any.
        public var ruleName: String?
        /// The severity condition that raised the priority (`critical_when`), if any.
        public var severity: String? = nil
        /// Whether a VIP group raised the priority.
        public var vip = false
        /// What would have raised the priority had the sender been trusted ("critical_when
        /// ventilator: critical"), nil when nothing was held back.
        public var withheld: String? = nil

        /// Why, for the trail: "rule payroll; critical_when; VIP".
        public var explanation: String {
            [ruleName.map { "rule \($0)" }, severity, vip ? "VIP raise" : nil].compactMap { $0 }.joined(separator: "; ")
        }
    }

    public let rules: [RoutingRule]
    public let defaultPriority: Priority
    /// Group name to member addresses.
    public let groups: [String: [String]]
    public let vipGroups: [String]
    /// Priority-only rules that raise a ticket whatever rule routed it, the most severe first.
    public let severityRules: [RoutingRule]

    /// Rules' regexes read at most this much of a body (a rule on a 25 MB single-line body
    /// would otherwise cost minutes); the stored body is always whole.
    public static let bodyPrefixBytes = 64 * 1024

    public init(
        rules: [RoutingRule], defaultPriority: Priority, groups: [String: [String]], vipGroups: [String],
        severityRules: [RoutingRule] = []
    ) {
        self.severityRules = severityRules.sorted {
            ($0.outcome.priority?.rank ?? 9) < ($1.outcome.priority?.rank ?? 9)
        }
        self.rules = rules
        self.defaultPriority = defaultPriority
        self.groups = groups
        self.vipGroups = vipGroups
    }

    /// Routes one mail. `senderTrusted` (a verified sender, or one of the organisation's that
    /// did not fail its check) is what lets `critical_when`, `high_when` and a VIP group raise
    /// the priority: anyone can write "ventilator" or a VIP's From line.
    public func route(
        subject: String, from sender: String, recipients: [String], body: String, senderTrusted: Bool = true
    ) -> Routing {
        let memberOf = groups.filter { $0.value.contains(sender) }.map(\.key).sorted()
        let bodyPrefix = String(decoding: body.utf8.prefix(Self.bodyPrefixBytes), as: UTF8.self)
        let values: [RoutingRule.Field: [String]] = [
            .subject: [subject], .from: [sender], .to: recipients, .body: [bodyPrefix], .fromGroup: memberOf,
            .subjectOrBody: [subject, bodyPrefix],
        ]
        let rule = rules.first { $0.matches(values) }
        var routing = Routing(
            priority: rule?.outcome.priority ?? defaultPriority, outcome: rule?.outcome ?? RoutingRule.Outcome(),
            ruleName: rule?.name)
        var withheld: [String] = []
        if let severe = severityRules.first(where: { $0.matches(values) }), let raised = severe.outcome.priority,
            raised < routing.priority
        {
            if senderTrusted {
                routing.priority = raised
                routing.severity = severe.name
            } else {
                withheld.append("\(severe.name) would have made it \(raised.rawValue)")
            }
        }
        if vipGroups.contains(where: memberOf.contains), routing.priority != routing.priority.raised {
            if senderTrusted {
                routing.priority = routing.priority.raised
                routing.vip = true
            } else {
                withheld.append("a VIP group would have raised it to \(routing.priority.raised.rawValue)")
            }
        }
        if !withheld.isEmpty {
            routing.withheld = withheld.joined(separator: "; ") + ", but the sender is not verified"
        }
        return routing
    }
}
