import Foundation

/// A structured header value `token; name=value; ...` such as Content-Type or
/// Content-Disposition, with RFC 2231 continuations (`name*0*=`), charsets and percent-encoding.
public struct HeaderParameters: Sendable, Equatable {
    /// The part before the first `;`, lowercased (`text/plain`, `attachment`).
    public let value: String
    /// Parameter values by lowercased name, decoded.
    public let parameters: [String: String]

    public init(_ raw: String) {
        let pieces = Self.splitOutsideQuotes(raw)
        value = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var plain: [String: String] = [:]
        var extended: [String: [(section: Int, encoded: Bool, text: String)]] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var text = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("\""), text.count >= 2 {
                text = String(text.dropFirst())
                if text.hasSuffix("\"") { text = String(text.dropLast()) }
                text = text.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            let encoded = name.hasSuffix("*")
            if encoded { name.removeLast() }
            if let star = name.firstIndex(of: "*"), let section = Int(name[name.index(after: star)...]) {
                extended[String(name[..<star]), default: []].append((section, encoded, text))
            } else if encoded {
                extended[name, default: []].append((0, true, text))
            } else if plain[name] == nil {
                plain[name] = text
            }
        }
        for (name, sections) in extended {
            let ordered = sections.sorted { $0.section < $1.section }
            var charset: String?
            var bytes = [UInt8]()
            for (offset, section) in ordered.enumerated() {
                var text = section.text
                if section.encoded, offset == 0 {
                    // charset'language'percent-encoded
                    let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if parts.count == 3 {
                        charset = String(parts[0])
                        text = String(parts[2])
                    }
                }
                bytes += section.encoded ? Self.percentDecode(text) : Array(text.utf8)
            }
            plain[name] = Charset.decode(bytes, charset: charset).text
        }
        parameters = plain.mapValues { EncodedWord.decode($0) }
    }

    /// A parameter by name.
    public subscript(_ name: String) -> String? { parameters[name.lowercased()] }

    private static func percentDecode(_ text: String) -> [UInt8] {
        var output = [UInt8]()
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                output.append(value)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    private static func splitOutsideQuotes(_ raw: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in raw {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" && inQuotes {
                current.append(character)
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
                current.append(character)
            } else if character == ";" && !inQuotes {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }
}
