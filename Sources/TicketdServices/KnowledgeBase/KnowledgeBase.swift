import Foundation
import TicketdCore
import TicketdStore

/// Searching the articles: FTS5 finds and ranks candidates (bm25, title counting double); the
/// score a threshold reads is the share of the query's distinctive terms (Core's `TopicMatcher`)
/// an article holds, so `kb.min_score: 0.3` means "three in ten of the words" on any corpus.
public struct KnowledgeBase: Sendable {
    public let configuration: TicketdConfiguration

    public init(configuration: TicketdConfiguration) {
        self.configuration = configuration
    }

    /// Articles matching `text`, best first, each with its score.
    public func search(_ text: String, limit: Int = 10, in session: StoreSession) throws -> [KnowledgeArticle] {
        try rank(TopicMatcher.terms(text, limit: 16), limit: limit, in: session)
    }

    /// What the acknowledgement of a new ticket offers: up to `kb.suggest` articles scoring at
    /// least `kb.min_score` against its subject and first lines.
    public func suggestions(subject: String, body: String, in session: StoreSession) throws -> [KnowledgeArticle] {
        guard configuration.kb.suggest > 0 else { return [] }
        let terms = Array(
            (TopicMatcher.terms(subject) + TopicMatcher.terms(String(body.prefix(300)))).reduce(into: [String]()) {
                if !$0.contains($1) { $0.append($1) }
            }.prefix(12))
        return try rank(terms, limit: configuration.kb.suggest, in: session)
            .filter { ($0.score ?? 0) >= configuration.kb.minScore }
    }

    private func rank(_ terms: [String], limit: Int, in session: StoreSession) throws -> [KnowledgeArticle] {
        guard !terms.isEmpty else { return [] }
        let found = try session.searchArticles(terms: terms, limit: 50).enumerated().map { rank, article in
            var scored = article
            scored.score = TopicMatcher.coverage(
                of: terms, in: Set(TopicMatcher.terms(article.title + "\n" + article.body, limit: 2000)))
            return (rank, scored)
        }
        return found.sorted { ($0.1.score ?? 0, -$0.0) > ($1.1.score ?? 0, -$1.0) }.prefix(limit).map(\.1)
    }
}
