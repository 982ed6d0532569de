import Foundation

/// Message-ID lists (`<a@b> <c@d>`) as in Message-ID, In-Reply-To and References (RFC 5322
/// §3.6.4), without angle brackets; bare ids written by broken mailers are accepted too.
public enum MessageIDList {
    public static func parse(_ raw: String) -> [String] {
        let clean = EncodedWord.sanitize(raw)
        var ids: [String] = []
        var remaining = clean[...]
        while let open = remaining.firstIndex(of: "<") {
            guard let close = remaining[open...].firstIndex(of: ">") else { break }
            let id = remaining[remaining.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty, !id.contains(" ") { ids.append(id) }
            remaining = remaining[remaining.index(after: close)...]
        }
        if ids.isEmpty {
            ids = clean.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
                .map(String.init).filter { $0.contains("@") && !$0.contains("<") && !$0.contains(">") }
        }
        return ids.filter { $0.count <= 998 }
    }

    /// The id given to mail that has none (or whose id another mail already used): derived from
    /// a digest, so a redelivered copy gets the same one. `.invalid` (RFC 2606) is nobody's domain.
    public static func synthesized(_ kind: String, digest: String) -> String {
        "\(kind)-\(digest)@ticketd.invalid"
    }
}
