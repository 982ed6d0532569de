import Foundation

/// Whether mails speak of the same thing, purely: for auto-linking a new incident to an open
/// problem and for spotting an outage storm. Text is reduced to its distinctive terms (letters and
/// digits, lower case, diacritics folded, three characters or more, common words of mail and of
/// help-desk requests dropped); scores are fractions, so a threshold means the same on any corpus.
public enum TopicMatcher {
    /// The distinctive terms of `text`, in order of first appearance, each once.
    public static func terms(_ text: String, limit: Int = 64) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var word = ""
        func flush() {
            if word.count >= 3, !stopWords.contains(word), !word.allSatisfy(\.isNumber), seen.insert(word).inserted {
                result.append(word)
            }
            word = ""
        }
        for character in folded.prefix(16 * 1024) {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else {
                flush()
                if result.count >= limit { break }
            }
        }
        flush()
        return Array(result.prefix(limit))
    }

    /// The share of `wanted` terms found in `terms` (0 when nothing is wanted).
    public static func coverage(of wanted: [String], in terms: Set<String>) -> Double {
        guard !wanted.isEmpty else { return 0 }
        return Double(wanted.filter(terms.contains).count) / Double(wanted.count)
    }

    /// How alike two subjects are: shared terms over the smaller set (so "Payroll down" and
    /// "payroll server down since 9" are alike).
    public static func similarity(_ first: [String], _ second: [String]) -> Double {
        let a = Set(first)
        let b = Set(second)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(min(a.count, b.count))
    }

    /// A problem's terms for auto-linking: the analyst's `#match` words when given, else the
    /// terms of its title and the terms two or more of its children's subjects share.
    public static func problemTerms(title: String, match: String?, childSubjects: [String]) -> [String] {
        if let match, !terms(match).isEmpty { return terms(match) }
        var counts: [String: Int] = [:]
        for subject in childSubjects { for term in Set(terms(subject)) { counts[term, default: 0] += 1 } }
        let shared = counts.filter { $0.value >= 2 }.keys.sorted()
        var result = terms(title)
        for term in shared where !result.contains(term) { result.append(term) }
        return Array(result.prefix(12))
    }

    /// Words too common to tell one request from another.
    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "has", "him", "his", "how", "man", "new", "now", "old", "see", "two", "way", "who", "did", "its", "let", "put",
        "say", "she", "too", "use", "this", "that", "with", "have", "from", "they", "will", "would", "there", "their",
        "what", "about", "which", "when", "make", "like", "time", "just", "know", "take", "into", "your", "some",
        "could", "them", "than", "then", "look", "only", "come", "over", "also", "back", "after", "work", "first",
        "well", "even", "want", "because", "these", "give", "most", "been", "were", "does", "doesn", "don", "cannot",
        "please", "help", "thanks", "thank", "hello", "dear", "regards", "issue", "problem", "error", "again",
        "since", "today", "morning", "still", "working", "unable", "able", "get", "got", "hi", "re", "fw", "fwd",
        "aw", "wg", "sent", "from", "subject", "date", "should", "need", "needs", "urgent", "asap", "desk", "ticket",
    ]
}
