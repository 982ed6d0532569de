import Foundation

/// Turns HTML mail into readable plain text: scripts, styles, heads and comments dropped,
/// block elements as line breaks, list items as dashes, links as `text <url>`, entities decoded.
/// No markup survives, so nothing active reaches a ticket or an outgoing mail.
public enum HTMLToText {
    /// Converts `html` in time linear in its length: no search restarts from a position it
    /// already passed (a raw-text element's close tag is looked for once per element name and
    /// remembered), and line breaks are counted as they are written, never by walking back.
    public static func convert(_ html: String, deadline: Deadline? = nil) throws(MIMEError) -> String {
        let scalars = Array(html.unicodeScalars)
        var output = TextOutput()
        var index = 0
        var pendingLink: String?
        var closeTags = CloseTagFinder(scalars: scalars)
        var steps = 0

        while index < scalars.count {
            steps += 1
            if steps & 0xFFF == 0 { try deadline?.check("turning HTML into text") }
            let scalar = scalars[index]
            if scalar == "<" {
                if hasPrefix(scalars, index, "<!--") {
                    index =
                        closeTags.next("-->", from: index + 4, caseInsensitive: false).map { $0 + 3 } ?? scalars.count
                    continue
                }
                guard let close = closeTags.next(">", from: index + 1, caseInsensitive: false) else {
                    output.append(contentsOf: scalars[index...])
                    break
                }
                let name = tagName(scalars, from: index + 1, to: close)
                let tagStart = index + 1
                index = close + 1
                switch name {
                case "script", "style", "head", "title":
                    if let end = closeTags.next("</\(name)", from: index, caseInsensitive: true) {
                        index = closeTags.next(">", from: end, caseInsensitive: false).map { $0 + 1 } ?? scalars.count
                    }
                case "br": output.lineBreak()
                case "p", "/p", "div", "/div", "table", "/table", "h1", "h2", "h3", "h4", "h5", "h6", "/h1", "/h2",
                    "/h3", "/h4", "/h5", "/h6", "blockquote", "/blockquote", "ul", "/ul", "ol", "/ol", "hr":
                    output.lineBreak(name.hasPrefix("/") || name == "hr" || name.hasPrefix("h") ? 2 : 1)
                case "tr", "/tr": output.lineBreak()
                case "li":
                    output.lineBreak()
                    output.append(contentsOf: "- ".unicodeScalars)
                case "td", "th": output.append(" ")
                case "a": pendingLink = href(scalars, from: tagStart, to: min(close, tagStart + 4096))
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
                output.collapsibleSpace()
            } else {
                output.append(scalar == "\u{A0}" ? " " : scalar)
            }
            index += 1
        }
        try deadline?.check("turning HTML into text")
        return output.finished()
    }

    /// The text being written, with its trailing spaces and line breaks counted so that a break
    /// never needs to look back.
    private struct TextOutput {
        var scalars = String.UnicodeScalarView()
        private var trailingNewlines = 0
        private var trailingSpaces = 0

        mutating func append(_ scalar: Unicode.Scalar) {
            scalars.append(scalar)
            if scalar == "\n" {
                trailingNewlines += 1
                trailingSpaces = 0
            } else if scalar == " " {
                trailingSpaces += 1
            } else {
                trailingNewlines = 0
                trailingSpaces = 0
            }
        }

        mutating func append<S: Sequence>(contentsOf sequence: S) where S.Element == Unicode.Scalar {
            for scalar in sequence { append(scalar) }
        }

        /// A space, unless the text is empty or already ends in a space or a line break.
        mutating func collapsibleSpace() {
            if let last = scalars.last, last != " " && last != "\n" { append(" ") }
        }

        /// Ends the line so that at least `count` line breaks end the text (none at its start).
        mutating func lineBreak(_ count: Int = 1) {
            while trailingSpaces > 0 {
                scalars.removeLast()
                trailingSpaces -= 1
            }
            if scalars.isEmpty { return }
            while trailingNewlines < count { append("\n") }
        }

        func finished() -> String {
            var lines: [Substring] = []
            var blankRun = 0
            for line in String(scalars).split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                blankRun = trimmed.isEmpty ? blankRun + 1 : 0
                if blankRun < 2 { lines.append(Substring(trimmed)) }
            }
            return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Finds the next occurrence of a needle at or after a position. Positions asked for only
    /// grow within one conversion, so each needle's last answer is remembered: a needle that is
    /// absent is looked for once, and one that is present is never searched past twice.
    private struct CloseTagFinder {
        let scalars: [Unicode.Scalar]
        private var found: [String: (from: Int, at: Int?)] = [:]

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        mutating func next(_ needle: String, from start: Int, caseInsensitive: Bool) -> Int? {
            if let known = found[needle], known.from <= start {
                guard let at = known.at else { return nil }
                if at >= start { return at }
            }
            let at = HTMLToText.find(scalars, from: start, needle, caseInsensitive: caseInsensitive)
            found[needle] = (start, at)
            return at
        }
    }

    /// A tag's name in lower case (`p`, `/div`, `h1`), read straight from the scalars: at most
    /// 16 letters, digits or slashes after leading white space.
    private static func tagName(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) -> String {
        var index = start
        while index < end, scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\n" {
            index += 1
        }
        var name = String.UnicodeScalarView()
        while index < end, name.count < 16 {
            let scalar = scalars[index]
            guard scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "/"
            else { break }
            name.append(scalar.lowercasedASCII)
            index += 1
        }
        return String(name)
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

    /// The `href` attribute's value in a tag's scalars (quoted or bare), read in one pass.
    private static func href(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) -> String? {
        let name: [Unicode.Scalar] = ["h", "r", "e", "f"]
        var index = start
        while index + name.count <= end {
            let matches = (0..<name.count).allSatisfy { scalars[index + $0].lowercasedASCII == name[$0] }
            let boundary =
                index == start || scalars[index - 1] == " " || scalars[index - 1] == "\t"
                || scalars[index - 1] == "\n"
            guard matches, boundary else {
                index += 1
                continue
            }
            var position = index + name.count
            while position < end, scalars[position] == " " { position += 1 }
            guard position < end, scalars[position] == "=" else {
                index += 1
                continue
            }
            position += 1
            while position < end, scalars[position] == " " { position += 1 }
            guard position < end else { return nil }
            var value = String.UnicodeScalarView()
            let quote = scalars[position]
            if quote == "\"" || quote == "'" {
                position += 1
                while position < end, scalars[position] != quote {
                    value.append(scalars[position])
                    position += 1
                }
            } else {
                while position < end, scalars[position] != " ", scalars[position] != ">" {
                    value.append(scalars[position])
                    position += 1
                }
            }
            return String(value).trimmingCharacters(in: .whitespaces)
        }
        return nil
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
        if scalars[index + 1] == "#" {
            // A numeric reference, read without building a string.
            var position = index + 2
            let hex = position < end && (scalars[position] == "x" || scalars[position] == "X")
            if hex { position += 1 }
            var value: UInt32 = 0
            var digits = 0
            while position < end, let digit = hexDigit(scalars[position]), hex || digit < 10 {
                value = value &* (hex ? 16 : 10) &+ digit
                digits += 1
                position += 1
            }
            guard position == end, digits > 0, let scalar = Unicode.Scalar(value),
                value >= 32 || value == 10 || value == 9
            else { return ("", end + 1) }
            return (String(scalar), end + 1)
        }
        let body = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
        guard let decoded = namedEntities[body] else { return nil }
        return (decoded, end + 1)
    }
}

private func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
    switch scalar.value {
    case 48...57: return scalar.value - 48
    case 65...70: return scalar.value - 55
    case 97...102: return scalar.value - 87
    default: return nil
    }
}

extension Unicode.Scalar {
    fileprivate var lowercasedASCII: Unicode.Scalar {
        (65...90).contains(value) ? Unicode.Scalar(value + 32)! : self
    }
}
