import Foundation

/// RFC 2047 encoded words in headers: `=?charset?B|Q?text?=`.
///
/// Decoding never lets a control character through: a CR, LF or NUL smuggled inside an encoded
/// word becomes a space, so a decoded name or subject can never start a new header line.
/// Decoding is linear in the value's length: a value made of thousands of unfinished words
/// costs no more than its bytes.
public enum EncodedWord {
    /// Decodes every encoded word in `value`; whitespace between adjacent encoded words is
    /// dropped (RFC 2047 §6.2). Malformed words are left as they are.
    public static func decode(_ value: String) -> String {
        sanitize(decodeKeepingControls(value))
    }

    /// Decodes like `decode` but leaves control characters in, for callers that must know
    /// whether a value hid some (a display name that does is not shown as a name).
    public static func decodeKeepingControls(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        let bytes = Array(value.utf8)
        var result = [UInt8]()
        result.reserveCapacity(bytes.count)
        var pendingWhitespace = [UInt8]()
        var lastWasEncoded = false
        // An attempt that ran into white space (or the end) without finding what a word needs
        // proves that every attempt starting before that point fails the same way: skipping
        // them keeps a value of thousands of unfinished words linear.
        var failsBefore = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "="), index >= failsBefore {
                switch decodeWord(bytes, at: index) {
                case .word(let decoded, let end):
                    if !lastWasEncoded { result += pendingWhitespace }
                    pendingWhitespace = []
                    result += decoded.utf8
                    lastWasEncoded = true
                    index = end
                    continue
                case .failsBefore(let position): failsBefore = position
                case .notAWord: break
                }
            }
            if isSpace(byte) {
                pendingWhitespace.append(byte)
            } else {
                result += pendingWhitespace
                pendingWhitespace = []
                result.append(byte)
                lastWasEncoded = false
            }
            index += 1
        }
        result += pendingWhitespace
        return String(decoding: result, as: UTF8.self)
    }

    private enum Attempt {
        case word(String, end: Int)
        /// Not a word, and no word can start before this position.
        case failsBefore(Int)
        case notAWord
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Reads `=?charset?enc?text?=` at `start`; none of it may contain white space.
    private static func decodeWord(_ bytes: [UInt8], at start: Int) -> Attempt {
        let count = bytes.count
        let question = UInt8(ascii: "?")
        guard start + 1 < count, bytes[start + 1] == question else { return .notAWord }
        let charsetStart = start + 2
        var charsetEnd = charsetStart
        while charsetEnd < count, bytes[charsetEnd] != question {
            if isSpace(bytes[charsetEnd]) { return .failsBefore(charsetEnd) }
            charsetEnd += 1
        }
        guard charsetEnd < count else { return .failsBefore(count) }
        guard charsetEnd > charsetStart, charsetEnd + 2 < count, bytes[charsetEnd + 2] == question else {
            return .notAWord
        }
        let encoding = bytes[charsetEnd + 1] | 0x20  // lower case
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return .notAWord }
        let textStart = charsetEnd + 3
        var terminator = textStart
        while terminator + 1 < count, !(bytes[terminator] == question && bytes[terminator + 1] == UInt8(ascii: "=")) {
            if isSpace(bytes[terminator]) { return .failsBefore(terminator) }
            terminator += 1
        }
        guard terminator + 1 < count else { return .failsBefore(count) }
        var charset = String(decoding: bytes[charsetStart..<charsetEnd], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        guard !charset.isEmpty else { return .notAWord }
        let text = bytes[textStart..<terminator]
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            decoded = TransferEncoding.decodeBase64(text)
        } else {
            decoded = TransferEncoding.decodeQuotedPrintable(text.map { $0 == UInt8(ascii: "_") ? 0x20 : $0 })
        }
        return .word(Charset.decode(decoded, charset: charset).text, end: terminator + 2)
    }

    /// Encodes `text` for an unstructured header (a subject) when it needs it: non-ASCII,
    /// control characters, something that looks like an encoded word, or a word too long to
    /// fold. Only the runs of words that need it are encoded, so ASCII such as the subject tag
    /// stays readable; plain ASCII comes back unchanged.
    public static func encodeIfNeeded(_ text: String) -> String {
        let clean = sanitize(text)
        let words = clean.split(separator: " ", omittingEmptySubsequences: false)
        guard words.contains(where: needsEncoding) else { return clean }
        var output: [String] = []
        var index = 0
        while index < words.count {
            guard needsEncoding(words[index]) else {
                output.append(String(words[index]))
                index += 1
                continue
            }
            // A run of words to encode; the spaces between them go inside the encoded text,
            // because white space between adjacent encoded words is dropped when decoding.
            // Empty words (runs of spaces) between two words to encode go inside the run too,
            // or a decoder would drop them as white space between encoded words.
            var end = index
            while true {
                var next = end + 1
                while next < words.count, words[next].isEmpty { next += 1 }
                guard next < words.count, needsEncoding(words[next]) else { break }
                end = next
            }
            output.append(encodeWords(words[index...end].joined(separator: " ")))
            index = end + 1
        }
        return output.joined(separator: " ")
    }

    /// True when a phrase (a display name) must be written as encoded words rather than as
    /// plain or quoted text.
    public static func phraseNeedsEncoding(_ text: String) -> Bool {
        text.split(separator: " ", omittingEmptySubsequences: false).contains(where: needsEncoding)
    }

    private static func needsEncoding(_ word: Substring) -> Bool {
        word.utf8.count > maxPlainWordBytes || word.contains("=?")
            || word.unicodeScalars.contains { $0.value > 126 || $0.value < 32 }
    }

    /// A plain word longer than this is encoded, so that folding at spaces always can keep
    /// header lines short (a line must never pass 998 characters).
    static let maxPlainWordBytes = 70

    /// `text` (sanitised by the caller) as UTF-8 B-words of at most 45 bytes each (72
    /// characters with their delimiters, under RFC 2047's 75), split only between Unicode
    /// scalars, so a long combining sequence spreads over several words and never yields an
    /// empty one.
    public static func encodeWords(_ text: String) -> String {
        var words: [String] = []
        var chunk = [UInt8]()
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + TransferEncoding.encodeBase64(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + TransferEncoding.encodeBase64(chunk) + "?=") }
        return words.joined(separator: " ")
    }

    /// Replaces what must never reach a header we write with spaces: C0 controls but tab (CR,
    /// LF and NUL among them), DEL, C1 controls (NEL among them) and the Unicode line and
    /// paragraph separators, which some parsers take for line breaks.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isBreaking) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isBreaking($0) ? " " : $0 }))
    }

    private static func isBreaking(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 32 && value != 9) || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}
