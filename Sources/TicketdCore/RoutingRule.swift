import Foundation

/// A configured routing rule: when every given pattern matches, set what it says. The first
/// matching rule wins (ARCHITECTURE.md "rules").
public struct RoutingRule {
    /// What a rule may set on a new ticket.
    public struct Outcome: Sendable, Equatable {
        public var category: String?
        public var priority: Priority?
        public var skill: String?
        public var tier: Int?
        public var calendar: String?

        public init(
            category: String? = nil, priority: Priority? = nil, skill: String? = nil, tier: Int? = nil,
            calendar: String? = nil
        ) {
            self.category = category
            self.priority = priority
            self.skill = skill
            self.tier = tier
            self.calendar = calendar
        }
    }

    /// The message fields a rule can test.
    public enum Field: String, Sendable, CaseIterable {
        case subject, from, to, body
        case subjectOrBody = "subject_or_body"
        case fromGroup = "from_group"
    }

    public let name: String
    public let patterns: [(field: Field, regex: NSRegularExpression)]
    public let outcome: Outcome

    public init(name: String, patterns: [(field: Field, regex: NSRegularExpression)], outcome: Outcome) {
        self.name = name
        self.patterns = patterns
        self.outcome = outcome
    }

    /// True when every pattern finds a match in its field's values (any of them).
    public func matches(_ values: [Field: [String]]) -> Bool {
        patterns.allSatisfy { pattern in
            (values[pattern.field] ?? []).contains { value in
                pattern.regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
            }
        }
    }
}

extension RoutingRule: @unchecked Sendable {}
