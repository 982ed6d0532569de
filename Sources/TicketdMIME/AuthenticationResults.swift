/// One `Authentication-Results` header field (RFC 8601): who added it and what each method found.
///
/// Read in one linear pass: comments dropped (nested, as CFWS allows), quoted strings kept
/// whole, `;` separating the results. A value this parser cannot read yields nil, which the
/// trust rule treats as no proof.
public struct AuthenticationResults: Sendable, Equatable {
    /// One method's result: `dkim=pass header.d=example.org`.
    public struct Result: Sendable, Equatable {
        /// The method in lower case, without a version (`dkim`, `dmarc`, `spf`).
        public var method: String
        /// The result in lower case (`pass`, `fail`, `none`, ...).
        public var result: String
        /// `ptype.property` (lower case) to value, as written: `header.d`, `header.from`, `smtp.mailfrom`.
        public var properties: [String: String]
    }

    /// The authserv-id in lower case: the host that added the field.
    public var authservID: String
    public var results: [Result]

    /// Parses a raw header value; nil when it has no authserv-id.
    public static func parse(_ raw: String) -> AuthenticationResults? {
        let pieces = splitResults(withoutComments(raw))
        guard let first = pieces.first else { return nil }
        let idTokens = first.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let id = idTokens.first, !id.contains("=") else { return nil }
        var results: [Result] = []
        for piece in pieces.dropFirst() {
            let pairs = keyValuePairs(piece)
            guard let (methodToken, result) = pairs.first else { continue }
            let method = methodToken.split(separator: "/").first.map(String.init) ?? methodToken
            var properties: [String: String] = [:]
            for (key, value) in pairs.dropFirst() where properties[key] == nil {
                properties[key] = value
            }
            results.append(Result(method: method, result: result.lowercased(), properties: properties))
        }
        return AuthenticationResults(authservID: id.lowercased(), results: results)
    }

    /// The text with `( ... )` comments removed (nesting and quoted pairs respected).
    private static func withoutComments(_ raw: String) -> [Character] {
        var output: [Character] = []
        var depth = 0
        var inQuotes = false
        var escaped = false
        for character in raw {
            if escaped {
                if depth == 0 { output.append(character) }
                escaped = false
                continue
            }
            if character == "\\", inQuotes || depth > 0 {
                escaped = true
                if depth == 0 { output.append(character) }
                continue
            }
            if depth > 0 {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                continue
            }
            if character == "\"" { inQuotes.toggle() }
            if character == "(", !inQuotes {
                depth = 1
                output.append(" ")
                continue
            }
            output.append(character)
        }
        return output
    }

    private static func splitResults(_ text: [Character]) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        for character in text {
            if character == "\"" { inQuotes.toggle() }
            if character == ";", !inQuotes {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces.map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
    }

    /// `key = value` pairs, white space around `=` allowed, values quoted or bare.
    private static func keyValuePairs(_ piece: String) -> [(String, String)] {
        let characters = Array(piece)
        var pairs: [(String, String)] = []
        var index = 0
        func skipSpace() { while index < characters.count, characters[index].isWhitespace { index += 1 } }
        while index < characters.count {
            skipSpace()
            var key = ""
            while index < characters.count, !characters[index].isWhitespace, characters[index] != "=" {
                key.append(characters[index])
                index += 1
            }
            skipSpace()
            guard index < characters.count, characters[index] == "=" else { continue }
            index += 1
            skipSpace()
            var value = ""
            if index < characters.count, characters[index] == "\"" {
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                index += 1
            } else {
                while index < characters.count, !characters[index].isWhitespace {
                    value.append(characters[index])
                    index += 1
                }
            }
            if !key.isEmpty { pairs.append((key.lowercased(), value)) }
        }
        return pairs
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view = view.dropFirst() }
        while view.last?.isWhitespace == true { view = view.dropLast() }
        return String(view)
    }
}
