import Foundation

/// A mailbox: a display name (decoded, control characters removed) and an address.
public struct MailAddress: Sendable, Hashable, Codable {
    /// The display name, or empty.
    public var name: String
    /// The address, with its domain lowercased.
    public var email: String

    public init(name: String = "", email: String) {
        self.name = EncodedWord.sanitize(name)
        self.email = Self.normalize(email)
    }

    /// The domain part, lowercased, or empty.
    public var domain: String {
        email.split(separator: "@").last.map(String.init) ?? ""
    }

    /// The local part, lowercased for comparisons.
    public var localPart: String {
        guard let at = email.lastIndex(of: "@") else { return email.lowercased() }
        return email[..<at].lowercased()
    }

    /// The decoded display name as it may be shown, or empty when it must not be: one that
    /// holds control or bidi characters, or names an address other than `email` (after NFKC,
    /// so a full-width `＠` counts), is a forgery (Mailsploit) and the bare address is shown
    /// instead. The raw header stays in the stored message.
    public static func displayableName(_ decoded: String, of email: String) -> String {
        if decoded.unicodeScalars.contains(where: {
            ControlCharacters.isControl($0) && $0 != "\t" || ControlCharacters.isBidiControl($0)
                || $0.value == 0x2028 || $0.value == 0x2029
        }) {
            return ""
        }
        // Only text holding an at sign or one of its compatibility forms can name an address.
        guard decoded.unicodeScalars.contains(where: { $0 == "@" || $0 == "\u{FF20}" || $0 == "\u{FE6B}" }) else {
            return decoded
        }
        let folded = decoded.precomposedStringWithCompatibilityMapping
        let own = normalize(email)
        let separators = Set(" \t<>,;:\"'()[]")
        for token in folded.split(whereSeparator: { separators.contains($0) }) where token.contains("@") {
            if normalize(String(token)) != own { return "" }
        }
        return decoded
    }

    /// Addresses compare case-insensitively in practice (RFC 5321 allows otherwise; no mail
    /// system in a hospital relies on it).
    static func normalize(_ email: String) -> String {
        let clean = EncodedWord.sanitize(email).trimmingCharacters(in: .whitespaces)
            .filter { $0 != " " && $0 != "\t" }
        return clean.lowercased()
    }
}
