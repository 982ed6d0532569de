import Foundation

/// What a person newly wrote in a reply, without the history their mail client quoted: the
/// text above the first quote header (`QuoteHeaders`: an attribution line in any of the common
/// languages, also wrapped; a header block in any order; a separator), the author's words
/// below a quote kept (bottom-posting, a signature) while the quote above them is cut, and a
/// trailing or leading block of `>` lines dropped. A forwarded mail at the top is kept whole.
/// HTML replies are cut at their client's quote container (`gmail_quote`, `divRplyFwdMsg`,
/// `blockquote type=cite`, `moz-cite-prefix`, `yahoo_quoted`) before they are turned into text,
/// and the text is trimmed as any other. Pure; linear in the text.
///
/// Nothing is lost: when trimming would leave nothing, the whole text is kept, and an inline
/// answer (quoted lines interleaved with new ones more than once) is kept whole. The full mail
/// is always stored; this only decides what is relayed.
public enum QuotedReply {
    /// The new text of a plain-text reply.
    public static func trim(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        var kept = lines
        if let (index, start) = firstStart(in: lines) {
            switch start {
            case .forward: return text.trimmingCharacters(in: .whitespacesAndNewlines)
            case .separator, .headerBlock, .deviceSignature: kept = Array(lines[..<index])
            case .attribution(let span):
                kept = Array(lines[..<index])
                if let end = quoteBlockEnd(from: index + span, in: lines) {
                    let rest = Array(lines[end...])
                    if isInlineAnswer(rest) {
                        kept = lines
                    } else if let words = rest.firstIndex(where: { !QuoteHeaders.isBlank($0) }) {
                        while let last = kept.last, QuoteHeaders.isBlank(last) { kept.removeLast() }
                        kept += (kept.isEmpty ? [] : [""]) + rest[words...]
                    }
                }
            }
        }
        kept = withoutQuoteBlocks(kept)
        let result = kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if result.isEmpty { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return result
    }

    /// Whether `line` reads as an attribution line ("On … wrote:" and its kin).
    public static func isAttribution(_ line: String) -> Bool {
        QuoteHeaders.attributionKind(line) != nil
    }

    /// How far into a reply the first quote header is looked for: a person's own words above
    /// the history are far shorter, and a mail past it is kept whole rather than read slowly.
    static let headerSearchBytes = 256 * 1024

    /// The first line that begins quoted history (or a forwarded mail), and what it is.
    static func firstStart(in lines: [String]) -> (Int, QuoteHeaders.Start)? {
        var read = 0
        for index in lines.indices {
            if let start = QuoteHeaders.start(at: index, in: lines) { return (index, start) }
            read += lines[index].utf8.count + 1
            if read > headerSearchBytes { return nil }
        }
        return nil
    }

    /// Where the block of `>` lines that begins (after blank lines) at `index` ends, or nil
    /// when no quoted line follows. Blank lines and a URL wrapped out of a quoted line belong
    /// to the block.
    static func quoteBlockEnd(from index: Int, in lines: [String]) -> Int? {
        var line = index
        while line < lines.count, QuoteHeaders.isBlank(lines[line]) { line += 1 }
        guard line < lines.count, QuoteHeaders.isQuoted(lines[line]) else { return nil }
        var end = line
        while line < lines.count {
            let text = lines[line]
            if QuoteHeaders.isQuoted(text) || isWrappedContinuation(at: line, in: lines) {
                end = line + 1
            } else if !QuoteHeaders.isBlank(text) {
                break
            }
            line += 1
        }
        return end
    }

    /// An unquoted line that is the rest of a quoted line's URL (or other unbroken token) the
    /// sender's client wrapped: no spaces, right after a quoted line ending in such a token.
    private static func isWrappedContinuation(at index: Int, in lines: [String]) -> Bool {
        guard index > 0, QuoteHeaders.isQuoted(lines[index - 1]) else { return false }
        let line = lines[index].trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty, !line.contains(" "), line.count <= 200 else { return false }
        let previous = lines[index - 1].split(separator: " ").last.map(String.init) ?? ""
        let urlish = previous.contains("://") || previous.lowercased().hasPrefix("www.") || previous.hasPrefix("<http")
        let followedByQuote = index + 1 < lines.count && QuoteHeaders.isQuoted(lines[index + 1])
        return urlish || (followedByQuote && line.contains(where: { "/=&?%#.".contains($0) }))
    }

    /// Text, a quote, text and another quote: an answer written between the quoted lines.
    private static func isInlineAnswer(_ rest: [String]) -> Bool {
        var sawText = false
        var index = 0
        while index < rest.count {
            let line = rest[index]
            if line == "-- " { return false }  // a signature follows
            if QuoteHeaders.isQuoted(line) {
                if sawText { return true }
            } else if !QuoteHeaders.isBlank(line) {
                sawText = true
            }
            index += 1
        }
        return false
    }

    /// `lines` without a trailing block of `>` lines, and without a leading one when only the
    /// author's words follow it (bottom-posting with no attribution); an inline answer stays.
    private static func withoutQuoteBlocks(_ lines: [String]) -> [String] {
        var kept = lines
        while let last = kept.last,
            QuoteHeaders.isBlank(last) || QuoteHeaders.isQuoted(last)
                || isWrappedContinuation(at: kept.count - 1, in: kept)
        {
            kept.removeLast()
        }
        if let end = quoteBlockEnd(from: 0, in: kept), end < kept.count, !isInlineAnswer(Array(kept[end...])) {
            kept = Array(kept[end...])
        }
        return kept
    }

    /// The HTML above the client's quote container, or nil when there is none (or when text
    /// follows the quote, as in an inline answer). Works on bytes: one pass per marker.
    public static func cutHTML(_ html: String) -> String? {
        let bytes = Array(html.utf8)
        var cut: Int?
        for marker in htmlMarkers {
            guard let at = firstIndex(of: marker, in: bytes), let tagStart = tagStart(before: at, in: bytes) else {
                continue
            }
            if marker.starts(with: Array("type=".utf8)) {
                // Apple Mail and Thunderbird also use cite blocks for inline answers: cut only
                // when nothing but markup follows the last one.
                if let last = lastIndex(of: Array("</blockquote>".utf8), in: bytes),
                    hasVisibleText(bytes[(last + 13)...])
                {
                    continue
                }
            }
            cut = min(cut ?? tagStart, tagStart)
        }
        guard let cut else { return nil }
        return String(decoding: bytes[..<cut], as: UTF8.self)
    }

    /// Class and id names of the quote containers (lower case), and the cite blocks' `type`.
    private static let htmlMarkers: [[UInt8]] = [
        "gmail_quote", "divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container", "moz-cite-prefix",
        "yahoo_quoted", "protonmail_quote", "type=\"cite\"", "type=cite",
    ].map { Array($0.utf8) }

    /// The first place `needle` (lower-case ASCII) occurs in `bytes`, ignoring ASCII case.
    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if lowered(bytes[index]) == first, matches(needle, in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// The last place `needle` (lower-case ASCII) occurs in `bytes`, ignoring ASCII case.
    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = bytes.count - needle.count
        while index >= 0 {
            if matches(needle, in: bytes, at: index) { return index }
            index -= 1
        }
        return nil
    }

    private static func matches(_ needle: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        for offset in 0..<needle.count where lowered(bytes[index + offset]) != needle[offset] { return false }
        return true
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// The `<` opening the tag that holds `index`, or nil when `index` is not inside a tag.
    private static func tagStart(before index: Int, in bytes: [UInt8]) -> Int? {
        var position = index - 1
        while position >= 0, index - position < 4096 {
            if bytes[position] == UInt8(ascii: "<") { return position }
            if bytes[position] == UInt8(ascii: ">") { return nil }
            position -= 1
        }
        return nil
    }

    /// Whether anything but markup, white space and `&nbsp;` is in `html`.
    private static func hasVisibleText(_ html: ArraySlice<UInt8>) -> Bool {
        var inTag = false
        var text: [UInt8] = []
        for byte in html {
            if byte == UInt8(ascii: "<") {
                inTag = true
            } else if byte == UInt8(ascii: ">") {
                inTag = false
            } else if !inTag, byte > 0x20 {
                text.append(byte)
                if text.count > 64 { break }
            }
        }
        return !String(decoding: text, as: UTF8.self).replacingOccurrences(of: "&nbsp;", with: "").isEmpty
    }
}
