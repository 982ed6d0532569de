import Foundation
import GRDB
import TicketdCore

/// Knowledge-base articles and their full-text index.
extension StoreSession {
    /// Stores an article and returns its number.
    public func addArticle(
        title: String, body: String, ticketID: Int64?, createdBy: String, at now: Date
    ) throws
        -> Int64
    {
        try execute(
            sql: "INSERT INTO kb_articles (title, body, ticket_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [title, body, ticketID, createdBy, now.storageText])
        return db.lastInsertedRowID
    }

    public func article(_ id: Int64) throws -> KnowledgeArticle? {
        try Row.fetchOne(cached("SELECT * FROM kb_articles WHERE id = ?"), arguments: [id]).map(Self.article(from:))
    }

    /// Articles, newest first.
    public func articles(limit: Int = 500) throws -> [KnowledgeArticle] {
        try Row.fetchAll(cached("SELECT * FROM kb_articles ORDER BY id DESC LIMIT ?"), arguments: [limit])
            .map(Self.article(from:))
    }

    /// Articles holding any of `terms` (letters and digits only), best bm25 first (title counts
    /// double: the index's `rank`, so FTS5 keeps only the best `limit` while it scans).
    public func searchArticles(terms: [String], limit: Int = 50) throws -> [KnowledgeArticle] {
        let words = terms.filter { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber } }
        guard !words.isEmpty else { return [] }
        let query = words.map { "\"\($0)\"" }.joined(separator: " OR ")
        return try Row.fetchAll(
            cached(
                """
                SELECT a.* FROM (SELECT rowid, rank FROM kb_search WHERE kb_search MATCH ? ORDER BY rank LIMIT ?) AS r
                JOIN kb_articles a ON a.id = r.rowid ORDER BY r.rank
                """), arguments: [query, limit]
        ).map(Self.article(from:))
    }

    private static func article(from row: Row) -> KnowledgeArticle {
        KnowledgeArticle(
            id: row["id"], title: row["title"], body: row["body"], ticket: row["ticket_id"],
            createdBy: row["created_by"], createdAt: row["created_at"])
    }
}
