import Foundation
import GRDB
import TicketdCore

/// Knowledge-base articles, their full-text index (FTS5, bm25 with the title counting double),
/// each article's distinctive terms (`TopicMatcher`) and how many articles hold each term.
extension StoreSession {
    /// An article a search found: its number and whether it holds a term, read from its stored
    /// terms (its text is fetched only for the articles shown).
    public struct ArticleCandidate: Sendable {
        public var id: Int64
        /// The article's terms, each between spaces.
        let terms: [UInt8]

        init(id: Int64, terms: String) {
            self.id = id
            self.terms = Array((" " + terms + " ").utf8)
        }

        public func holds(_ term: String) -> Bool {
            let needle = Array((" " + term + " ").utf8)
            guard needle.count <= terms.count else { return false }
            return terms.withUnsafeBufferPointer { haystack in
                var start = 0
                while start + needle.count <= haystack.count {
                    if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) {
                        return true
                    }
                    start += 1
                }
                return false
            }
        }
    }

    /// Stores an article and returns its number.
    public func addArticle(
        title: String, body: String, ticketID: Int64?, createdBy: String, published: Bool = true, at now: Date
    ) throws
        -> Int64
    {
        let terms = Self.articleTerms(title: title, body: body)
        try execute(
            sql: """
                INSERT INTO kb_articles (title, body, ticket_id, created_by, created_at, terms, published)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [title, body, ticketID, createdBy, now.storageText, terms.joined(separator: " "), published])
        let id = db.lastInsertedRowID
        try Self.countHolders(of: terms, in: db)
        return id
    }

    /// The terms an article is scored on.
    static func articleTerms(title: String, body: String) -> [String] {
        TopicMatcher.terms(title + "\n" + body, limit: 2000)
    }

    /// One more article holds each of `terms`.
    static func countHolders(of terms: [String], in db: Database) throws {
        let statement = try db.cachedStatement(
            sql:
                "INSERT INTO kb_terms (term, articles) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET articles = articles + 1"
        )
        for term in terms { try statement.execute(arguments: [term]) }
    }

    /// Publishes a draft (a new title replaces its own when given); false when there is no such
    /// article. The search index keeps the title it was written with; the score reads `terms`.
    public func publishArticle(_ id: Int64, title: String?) throws -> Bool {
        try execute(
            sql: "UPDATE kb_articles SET published = 1, title = COALESCE(?, title) WHERE id = ?",
            arguments: [title, id])
        return db.changesCount > 0
    }

    public func article(_ id: Int64) throws -> KnowledgeArticle? {
        try Row.fetchOne(cached("SELECT * FROM kb_articles WHERE id = ?"), arguments: [id]).map(Self.article(from:))
    }

    /// Articles, newest first.
    public func articles(limit: Int = 500) throws -> [KnowledgeArticle] {
        try Row.fetchAll(cached("SELECT * FROM kb_articles ORDER BY id DESC LIMIT ?"), arguments: [limit])
            .map(Self.article(from:))
    }

    /// How many articles hold each of `terms`.
    public func articleHolders(of terms: [String]) throws -> [String: Int] {
        var holders = Dictionary(terms.map { ($0, 0) }, uniquingKeysWith: { first, _ in first })
        guard !terms.isEmpty else { return holders }
        // One statement for all of them (a new mail's query has a dozen terms at most).
        let marks = Array(repeating: "?", count: holders.count).joined(separator: ", ")
        for row in try Row.fetchAll(
            db, sql: "SELECT term, articles FROM kb_terms WHERE term IN (\(marks))",
            arguments: StatementArguments(Array(holders.keys)))
        {
            holders[row["term"]] = row["articles"]
        }
        return holders
    }

    /// Of the newest `budget` articles holding any (or all) of `terms` (letters and digits
    /// only), the best `limit` by bm25, best first.
    public func searchArticles(
        terms: [String], requireAll: Bool, budget: Int, limit: Int, publishedOnly: Bool
    ) throws
        -> [ArticleCandidate]
    {
        let words = terms.filter { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber } }
        guard !words.isEmpty else { return [] }
        let query = words.map { "\"\($0)\"" }.joined(separator: requireAll ? " AND " : " OR ")
        return try Row.fetchAll(
            cached(
                """
                SELECT a.id, a.terms FROM (
                    SELECT rowid, rank FROM (
                        SELECT rowid, rank FROM kb_search WHERE kb_search MATCH ? ORDER BY rowid DESC LIMIT ?)
                    ORDER BY rank LIMIT ?) AS r
                JOIN kb_articles a ON a.id = r.rowid WHERE a.published >= ? ORDER BY r.rank
                """), arguments: [query, budget, limit, publishedOnly ? 1 : 0]
        ).map { ArticleCandidate(id: $0[0], terms: $0[1]) }
    }

    /// The articles numbered `ids`, in that order.
    public func articles(_ ids: [Int64]) throws -> [KnowledgeArticle] {
        try ids.compactMap { try article($0) }
    }

    private static func article(from row: Row) -> KnowledgeArticle {
        KnowledgeArticle(
            id: row["id"], title: row["title"], body: row["body"], ticket: row["ticket_id"],
            createdBy: row["created_by"], createdAt: row["created_at"], published: row["published"])
    }
}
