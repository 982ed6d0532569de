import Testing
import TicketdCore

/// Who gets a ticket: skill and tier, on duty, capacity, familiarity, load, name; nobody left.
@Suite struct AssignmentTests {
    typealias Candidate = Assignment.Candidate

    static let team = [
        Candidate(name: "carol", tier: 1, skills: ["accounts"], onDuty: true, maxOpen: nil, open: 4),
        Candidate(name: "dave", tier: 1, skills: ["accounts", "printing"], onDuty: true, maxOpen: nil, open: 2),
        Candidate(name: "erin", tier: 1, skills: ["printing"], onDuty: false, maxOpen: nil, open: 0),
        Candidate(name: "marsha", tier: 2, skills: ["payroll"], onDuty: true, maxOpen: 25, open: 3),
        Candidate(name: "mike", tier: 2, skills: ["payroll"], onDuty: true, maxOpen: 3, open: 3),
        Candidate(name: "cindy", tier: 3, skills: ["database"], onDuty: true, maxOpen: nil, open: 9),
    ]

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let skill: String?
        let tier: Int
        let familiar: Assignment.Familiar?
        let expected: Assignment.Decision
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "lowest load among the skill's tier", skill: "accounts", tier: 1, familiar: nil,
            expected: .assign("dave", reason: "skill accounts, tier 1, lowest load (2 open)")),
        Row(
            name: "familiarity beats load", skill: "accounts", tier: 1,
            familiar: Assignment.Familiar(analyst: "carol", ticketID: 97),
            expected: .assign("carol", reason: "skill accounts, tier 1, familiar from #97")),
        Row(
            name: "an off-duty familiar analyst is passed over", skill: "printing", tier: 1,
            familiar: Assignment.Familiar(analyst: "erin", ticketID: 12),
            expected: .assign("dave", reason: "skill printing, tier 1, the only one available")),
        Row(
            name: "an analyst at max_open drops out", skill: "payroll", tier: 2, familiar: nil,
            expected: .assign("marsha", reason: "skill payroll, tier 2, the only one available")),
        Row(
            name: "no skill: anyone of the tier, ties by name", skill: nil, tier: 1, familiar: nil,
            expected: .assign("dave", reason: "tier 1, lowest load (2 open)")),
        Row(
            name: "nobody with the skill at that tier", skill: "payroll", tier: 1, familiar: nil,
            expected: .unassigned(
                reason: "skill payroll, tier 1: nobody has skill payroll, tier 1", notify: ["carol", "dave"])),
    ]

    @Test(arguments: rows)
    func chooses(_ row: Row) {
        #expect(
            Assignment(candidates: Self.team).choose(skill: row.skill, tier: row.tier, familiar: row.familiar)
                == row.expected)
    }

    @Test func nobodyOnDutyNotifiesTheOnDutyOfAnyTier() {
        var team = Self.team
        for index in team.indices where team[index].tier == 1 { team[index].onDuty = false }
        let decision = Assignment(candidates: team).choose(skill: "accounts", tier: 1)
        #expect(
            decision
                == .unassigned(
                    reason: "skill accounts, tier 1: carol, dave off duty or at max_open",
                    notify: ["cindy", "marsha", "mike"]))
    }

    @Test func escalationGoesOneTierUpKeepingTheSkillWhereSomeoneHasIt() {
        let assignment = Assignment(candidates: Self.team)
        let toTwo = assignment.escalate(skill: "payroll", from: 1)
        #expect(toTwo?.tier == 2)
        #expect(toTwo?.decision == .assign("marsha", reason: "skill payroll, tier 2, the only one available"))
        let toThree = assignment.escalate(skill: "payroll", from: 2)
        #expect(toThree?.tier == 3)
        #expect(toThree?.decision == .assign("cindy", reason: "tier 3, the only one available"))
        #expect(assignment.escalate(skill: nil, from: 3) == nil)
    }
}
