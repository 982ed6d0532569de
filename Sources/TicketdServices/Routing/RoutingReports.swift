import Foundation
import TicketdCore

/// One analyst as `ticketd analyst list` shows them.
public struct AnalystStatus: Sendable, Equatable, Codable {
    public var name: String
    public var email: String
    public var tier: Int
    public var skills: [String]
    /// On duty now.
    public var onDuty: Bool
    /// Open tickets assigned (new, open, pending).
    public var open: Int
    /// The earliest running SLA clock of those tickets.
    public var oldestDueAt: Date?

    enum CodingKeys: String, CodingKey {
        case name, email, tier, skills
        case onDuty = "on_duty"
        case open
        case oldestDueAt = "oldest_due_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(email, forKey: .email)
        try container.encode(tier, forKey: .tier)
        try container.encode(skills, forKey: .skills)
        try container.encode(onDuty, forKey: .onDuty)
        try container.encode(open, forKey: .open)
        try container.encode(oldestDueAt, forKey: .oldestDueAt)  // null, not absent
    }
}

/// What `ticketd rules test FILE.eml` found: the rule, what it sets, and who would get the ticket.
public struct RuleTestReport: Sendable, Equatable, Codable {
    public var rule: String?
    /// `critical_when` or `high_when` when one raised the priority.
    public var severity: String?
    public var vip: Bool
    public var priority: Priority
    public var category: String?
    public var skill: String?
    public var tier: Int
    /// The analyst it would go to now, or nil (unassigned).
    public var analyst: String?
    /// Why that analyst, or why nobody.
    public var reason: String

    public var text: String {
        [
            "rule: \(rule ?? "(none matched)")",
            "priority: \(priority.rawValue)"
                + ([severity, vip ? "VIP raise" : nil].compactMap { $0 }
                    .map { " (\($0))" }.joined()),
            "category: \(category ?? "-")", "skill: \(skill ?? "-")", "tier: \(tier)",
            "analyst: \(analyst ?? "nobody (unassigned)") — \(reason)",
        ].joined(separator: "\n")
    }
}
