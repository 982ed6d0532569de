import Foundation

/// RFC 2047 encoded words in headers: `=?charset?B|Q?text?=`.
///
/// Decoding never lets a control character through: a CR, LF or NUL smuggled inside an encoded
/// word becomes a space, so a decoded name or subject can never start a new header line.
public enum EncodedWord {
    /// Decodes every encoded word in `value`; whitespace between adjacent encoded words is
    /// dropped (RFC 2047 §6.2). Malformed words are left as they are.
    public static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return sanitize(value) }
        var result = ""
        var pendingWhitespace = ""
        var lastWasEncoded = false
        var index = value.startIndex
        while index < value.endIndex {
            if value[index...].hasPrefix("=?"), let (decoded, end) = decodeWord(in: value, at: index) {
                if !lastWasEncoded { result += pendingWhitespace }
                pendingWhitespace = ""
                result += decoded
                lastWasEncoded = true
                index = end
                continue
            }
            let character = value[index]
            if character == " " || character == "\t" {
                pendingWhitespace.append(character)
            } else {
                result += pendingWhitespace
                pendingWhitespace = ""
                result.append(character)
                lastWasEncoded = false
            }
            index = value.index(after: index)
        }
        result += pendingWhitespace
        return sanitize(result)
    }

    /// Encodes `text` for a header when it needs it (non-ASCII, control characters, or
    /// something that looks like an encoded word). Only the runs of words that need it are
    /// encoded, as UTF-8 B-words short enough to fold, so ASCII such as the subject tag stays
    /// readable; plain ASCII comes back unchanged.
    public static func encodeIfNeeded(_ text: String) -> String {
        let clean = sanitize(text)
        func needsEncoding(_ word: Substring) -> Bool {
            word.unicodeScalars.contains { $0.value > 126 || $0.value < 32 } || word.contains("=?")
        }
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
            var end = index
            while end + 1 < words.count, needsEncoding(words[end + 1]) { end += 1 }
            output.append(encodeRun(words[index...end].joined(separator: " ")))
            index = end + 1
        }
        return output.joined(separator: " ")
    }

    private static func encodeRun(_ run: String) -> String {
        var words: [String] = []
        var chunk = [UInt8]()
        for character in run {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + TransferEncoding.encodeBase64(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + TransferEncoding.encodeBase64(chunk) + "?=") }
        return words.joined(separator: " ")
    }

    /// Replaces control characters (CR, LF, NUL and the rest of C0 but tab) with spaces.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 32 && $0 != "\t" || $0.value == 127 }) else {
            return text
        }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.value < 32 && $0 != "\t" || $0.value == 127 ? " " : $0 }))
    }

    private static func decodeWord(in value: String, at start: String.Index) -> (String, String.Index)? {
        // =?charset?enc?text?=  — the text may not contain "?=" nor whitespace.
        let afterPrefix = value.index(start, offsetBy: 2)
        guard let charsetEnd = value[afterPrefix...].firstIndex(of: "?") else { return nil }
        var charset = String(value[afterPrefix..<charsetEnd])
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        let encodingIndex = value.index(after: charsetEnd)
        guard encodingIndex < value.endIndex else { return nil }
        let encoding = value[encodingIndex].uppercased()
        let questionIndex = value.index(after: encodingIndex)
        guard questionIndex < value.endIndex, value[questionIndex] == "?", encoding == "B" || encoding == "Q" else {
            return nil
        }
        let textStart = value.index(after: questionIndex)
        guard let terminator = value.range(of: "?=", range: textStart..<value.endIndex) else { return nil }
        let text = value[textStart..<terminator.lowerBound]
        if text.contains(" ") || charset.isEmpty || charset.contains(" ") { return nil }
        let bytes: [UInt8]
        if encoding == "B" {
            bytes = TransferEncoding.decodeBase64(Array(text.utf8))
        } else {
            let underscoresAsSpaces = text.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }
            bytes = TransferEncoding.decodeQuotedPrintable(underscoresAsSpaces)
        }
        return (Charset.decode(bytes, charset: charset).text, terminator.upperBound)
    }
}
