import Testing
import TicketdCore

/// Which terms a knowledge-base search asks the index for (table-driven): rare ones any of them,
/// rarest first, within the budget; else the two rarest together, then the rarest alone; none
/// when no article holds a term.
@Suite struct KnowledgeSearchTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var wanted: [String]
        var holders: [String: Int]
        var expected: [KnowledgeSearch.Plan]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a small KB: every held term, any", wanted: ["printer", "jam", "tray"],
            holders: ["printer": 3, "jam": 1],
            expected: [.init(terms: ["jam", "printer"], requireAll: false, budget: 50)]),
        Case(
            name: "nothing held", wanted: ["printer"], holders: [:], expected: []),
        Case(
            name: "rare terms rarest first within the budget of 50 (5 per result)",
            wanted: ["printer", "toner", "ricoh", "fails"],
            holders: ["printer": 9_000, "toner": 10, "ricoh": 40, "fails": 30_000],
            expected: [.init(terms: ["toner", "ricoh"], requireAll: false, budget: 50)]),
        Case(
            name: "rare terms past the budget together are left out",
            wanted: ["a1x", "b2x", "c3x"], holders: ["a1x": 30, "b2x": 20, "c3x": 45],
            expected: [.init(terms: ["b2x", "a1x"], requireAll: false, budget: 50)]),  // + 45 > 50
        Case(
            name: "all common: the two rarest together, then the rarest alone",
            wanted: ["fails", "printer", "vpn"], holders: ["printer": 10_000, "vpn": 9_000, "fails": 50_000],
            expected: [
                .init(terms: ["vpn", "printer"], requireAll: true, budget: 50),
                .init(terms: ["vpn"], requireAll: false, budget: 50),
            ]),
        Case(
            name: "one common term: itself", wanted: ["fails", "zzz"], holders: ["fails": 50_000],
            expected: [.init(terms: ["fails"], requireAll: false, budget: 50)]),
    ]

    @Test(arguments: cases) func plansTheQuery(_ test: Case) {
        #expect(KnowledgeSearch.plans(test.wanted, holders: test.holders, limit: 10) == test.expected)
    }
}
