import Foundation

/// Turns HTML mail into readable plain text: scripts, styles, heads and comments dropped,
/// block elements as line breaks, list items as dashes, links as `text <url>`, entities decoded.
/// No markup survives, so nothing active reaches a ticket or an outgoing mail.
public enum HTMLToText {
    public static func convert(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        var pendingLink: String?

        func appendBreak(_ count: Int = 1) {
            var trailing = 0
            var position = output.endIndex
            while position > output.startIndex {
                let previous = output.index(before: position)
                if output[previous] == "\n" { trailing += 1 } else if output[previous] != " " { break }
                position = previous
            }
            while output.last == " " { output.removeLast() }
            if output.isEmpty { return }
            for _ in trailing..<max(trailing, count) { output.append("\n") }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                if hasPrefix(scalars, index, "<!--") {
                    index = find(scalars, from: index + 4, "-->").map { $0 + 3 } ?? scalars.count
                    continue
                }
                guard let close = scalars[index...].firstIndex(of: ">") else {
                    output.append(contentsOf: scalars[index...])
                    break
                }
                let tag = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                let name = tag.trimmingCharacters(in: .whitespaces).lowercased()
                    .prefix { $0.isLetter || $0.isNumber || $0 == "/" }
                index = close + 1
                switch name {
                case "script", "style", "head", "title":
                    if let end = find(scalars, from: index, "</\(name)", caseInsensitive: true) {
                        index = scalars[end...].firstIndex(of: ">").map { $0 + 1 } ?? scalars.count
                    }
                case "br": appendBreak()
                case "p", "/p", "div", "/div", "table", "/table", "h1", "h2", "h3", "h4", "h5", "h6", "/h1", "/h2",
                    "/h3", "/h4", "/h5", "/h6", "blockquote", "/blockquote", "ul", "/ul", "ol", "/ol", "hr":
                    appendBreak(name.hasPrefix("/") || name == "hr" || name.hasPrefix("h") ? 2 : 1)
                case "tr", "/tr": appendBreak()
                case "li":
                    appendBreak()
                    output.append(contentsOf: "- ".unicodeScalars)
                case "td", "th": output.append(" ")
                case "a": pendingLink = attribute("href", in: tag)
                case "/a":
                    if let link = pendingLink,
                        link.lowercased().hasPrefix("http") || link.lowercased().hasPrefix("mailto:")
                    {
                        output.append(contentsOf: " <\(link)>".unicodeScalars)
                    }
                    pendingLink = nil
                default: break
                }
                continue
            }
            if scalar == "&", let (decoded, next) = entity(scalars, at: index) {
                output.append(contentsOf: decoded.unicodeScalars)
                index = next
                continue
            }
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == " " {
                if let last = output.last, last != " " && last != "\n" { output.append(" ") }
            } else {
                output.append(scalar == "\u{A0}" ? " " : scalar)
            }
            index += 1
        }
        return String(output).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n")
            .replacingOccurrences(of: "\n\n\n+", with: "\n\n", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func hasPrefix(_ scalars: [Unicode.Scalar], _ index: Int, _ prefix: String) -> Bool {
        let needle = Array(prefix.unicodeScalars)
        return index + needle.count <= scalars.count && Array(scalars[index..<(index + needle.count)]) == needle
    }

    private static func find(
        _ scalars: [Unicode.Scalar], from start: Int, _ needle: String, caseInsensitive: Bool = false
    )
        -> Int?
    {
        let pattern = Array((caseInsensitive ? needle.lowercased() : needle).unicodeScalars)
        guard !pattern.isEmpty, scalars.count >= pattern.count else { return nil }
        var index = start
        while index + pattern.count <= scalars.count {
            var matches = true
            for offset in 0..<pattern.count {
                var scalar = scalars[index + offset]
                if caseInsensitive, scalar.value < 128 { scalar = Unicode.Scalar(UInt8(scalar.value)).lowercasedASCII }
                if scalar != pattern[offset] {
                    matches = false
                    break
                }
            }
            if matches { return index }
            index += 1
        }
        return nil
    }

    private static func attribute(_ name: String, in tag: String) -> String? {
        guard
            let range = tag.range(
                of: "\(name)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)", options: [.regularExpression, .caseInsensitive])
        else { return nil }
        let assignment = tag[range]
        guard let equals = assignment.firstIndex(of: "=") else { return nil }
        let value = assignment[assignment.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        return value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "euro": "€", "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "eacute": "é", "egrave": "è", "aacute": "á", "agrave": "à", "ccedil": "ç", "bull": "•", "middot": "·",
    ]

    private static func entity(_ scalars: [Unicode.Scalar], at index: Int) -> (String, Int)? {
        var end = index + 1
        while end < scalars.count, end - index <= 10, scalars[end] != ";" { end += 1 }
        guard end < scalars.count, scalars[end] == ";" else { return nil }
        let body = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value), value >= 32 || value == 10 || value == 9 else {
                return ("", end + 1)
            }
            return (String(scalar), end + 1)
        }
        guard let decoded = namedEntities[body] else { return nil }
        return (decoded, end + 1)
    }
}

extension Unicode.Scalar {
    fileprivate var lowercasedASCII: Unicode.Scalar {
        (65...90).contains(value) ? Unicode.Scalar(value + 32)! : self
    }
}
