import Foundation
import TicketdCore
import TicketdStore

/// Searching the articles: FTS5 finds and ranks candidates (bm25, title counting double) for the
/// terms Core's `KnowledgeSearch` picks; the score a threshold reads is the share of the query's
/// distinctive terms (`TopicMatcher`) an article holds, so `kb.min_score: 0.3` means "three in
/// ten of the words" on any corpus.
public struct KnowledgeBase: Sendable {
    public let configuration: TicketdConfiguration

    public init(configuration: TicketdConfiguration) {
        self.configuration = configuration
    }

    /// Articles matching `text`, best first, each with its score (drafts too: operators search).
    public func search(_ text: String, limit: Int = 10, in session: StoreSession) throws -> [KnowledgeArticle] {
        try rank(TopicMatcher.terms(text, limit: 16), limit: limit, publishedOnly: false, in: session)
    }

    /// What the acknowledgement of a new ticket offers: up to `kb.suggest` articles scoring at
    /// least `kb.min_score` against its subject and first lines, published ones only.
    public func suggestions(subject: String, body: String, in session: StoreSession) throws -> [KnowledgeArticle] {
        guard configuration.kb.suggest > 0 else { return [] }
        let terms = Array(
            (TopicMatcher.terms(subject) + TopicMatcher.terms(String(body.prefix(300)))).reduce(into: [String]()) {
                if !$0.contains($1) { $0.append($1) }
            }.prefix(12))
        return try rank(terms, limit: configuration.kb.suggest, publishedOnly: true, in: session)
            .filter { ($0.score ?? 0) >= configuration.kb.minScore }
    }

    /// Asks the index as Core's `KnowledgeSearch` plans (the first plan that finds anything),
    /// scores each article found by the share of `terms` it holds, and orders by score, then bm25.
    private func rank(
        _ terms: [String], limit: Int, publishedOnly: Bool, in session: StoreSession
    ) throws
        -> [KnowledgeArticle]
    {
        guard !terms.isEmpty else { return [] }
        let holders = try session.articleHolders(of: terms)
        var found: [StoreSession.ArticleCandidate] = []
        for plan in KnowledgeSearch.plans(terms, holders: holders, limit: limit) where found.isEmpty {
            found = try session.searchArticles(
                terms: plan.terms, requireAll: plan.requireAll, budget: plan.budget, limit: limit * 4,
                publishedOnly: publishedOnly)
        }
        let best = found.enumerated().map { rank, candidate in
            (rank, candidate.id, Double(terms.filter(candidate.holds).count) / Double(terms.count))
        }.sorted { ($0.2, -$0.0) > ($1.2, -$1.0) }.prefix(limit)
        return try zip(session.articles(best.map(\.1)), best).map { article, match in
            var scored = article
            scored.score = match.2
            return scored
        }
    }
}
