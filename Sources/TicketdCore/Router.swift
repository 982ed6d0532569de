/// Which rule a new ticket's mail matches (the first one wins), with the VIP raise: the
/// priority, category, skill, tier and calendar a ticket opens with. Pure and table-tested.
public struct Router: Sendable {
    /// What routing decided for one mail.
    public struct Routing: Sendable, Equatable {
        public var priority: Priority
        public var outcome: RoutingRule.Outcome
        /// The matching rule's name, if any.
        public var ruleName: String?
    }

    public let rules: [RoutingRule]
    public let defaultPriority: Priority
    /// Group name to member addresses.
    public let groups: [String: [String]]
    public let vipGroups: [String]

    /// Rules' regexes read at most this much of a body (a rule on a 25 MB single-line body
    /// would otherwise cost minutes); the stored body is always whole.
    public static let bodyPrefixBytes = 64 * 1024

    public init(rules: [RoutingRule], defaultPriority: Priority, groups: [String: [String]], vipGroups: [String]) {
        self.rules = rules
        self.defaultPriority = defaultPriority
        self.groups = groups
        self.vipGroups = vipGroups
    }

    public func route(subject: String, from sender: String, recipients: [String], body: String) -> Routing {
        let memberOf = groups.filter { $0.value.contains(sender) }.map(\.key).sorted()
        let values: [RoutingRule.Field: [String]] = [
            .subject: [subject], .from: [sender], .to: recipients,
            .body: [String(decoding: body.utf8.prefix(Self.bodyPrefixBytes), as: UTF8.self)], .fromGroup: memberOf,
        ]
        let rule = rules.first { $0.matches(values) }
        var priority = rule?.outcome.priority ?? defaultPriority
        if vipGroups.contains(where: memberOf.contains) { priority = priority.raised }
        return Routing(priority: priority, outcome: rule?.outcome ?? RoutingRule.Outcome(), ruleName: rule?.name)
    }
}
