import Foundation

/// How a knowledge-base search asks the full-text index, purely. An article's score is the share
/// of the query's distinctive terms it holds (`TopicMatcher.coverage`), so `kb.min_score` means
/// the same on any corpus; bm25 orders articles of equal score. Asking the index for every term
/// would make it rank every article holding a common word ("printer" in a hospital's KB), so it
/// is asked for the rare terms, any of them; when every term is common, for the two rarest
/// together, else the rarest alone; and only the newest `budget` articles it finds are ranked.
public enum KnowledgeSearch {
    /// Per article wanted, this many are ranked by bm25 (at least `floor`): ranking costs
    /// microseconds per article, and an acknowledgement must not wait for thousands.
    public static let budgetPerResult = 5
    public static let floor = 20
    /// At most this many rare terms are asked for.
    public static let rareTerms = 8

    public struct Plan: Sendable, Equatable {
        /// The terms to ask the index for.
        public var terms: [String]
        /// Whether an article must hold all of them (else any).
        public var requireAll: Bool
        /// How many of the newest articles found are ranked by bm25.
        public var budget: Int

        public init(terms: [String], requireAll: Bool, budget: Int) {
            self.terms = terms
            self.requireAll = requireAll
            self.budget = budget
        }
    }

    /// What to ask for `wanted`, in order until one finds something, for the best `limit`
    /// articles, when `holders` says how many articles hold each term; empty when no article
    /// holds any of them. Rare terms (held by no more articles than the budget) are asked for
    /// rarest first, any of them, while together they stay within the budget; when no term is
    /// rare, the two rarest together, then the rarest alone (common words still count in the score).
    public static func plans(_ wanted: [String], holders: [String: Int], limit: Int) -> [Plan] {
        let held = wanted.enumerated().filter { (holders[$0.1] ?? 0) > 0 }
            .sorted { (holders[$0.1]!, $0.0) < (holders[$1.1]!, $1.0) }.map(\.1)
        guard let rarest = held.first else { return [] }
        let budget = max(floor, limit * budgetPerResult)
        if holders[rarest]! <= budget {
            var total = 0
            var terms: [String] = []
            for term in held.prefix(rareTerms) where total + holders[term]! <= budget {
                total += holders[term]!
                terms.append(term)
            }
            return [Plan(terms: terms, requireAll: false, budget: budget)]
        }
        let alone = Plan(terms: [rarest], requireAll: false, budget: budget)
        return held.count > 1 ? [Plan(terms: Array(held.prefix(2)), requireAll: true, budget: budget), alone] : [alone]
    }
}
