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

    /// Addresses compare case-insensitively in practice (RFC 5321 allows otherwise; no mail
    /// system in a hospital relies on it).
    static func normalize(_ email: String) -> String {
        let clean = EncodedWord.sanitize(email).trimmingCharacters(in: .whitespaces)
            .filter { $0 != " " && $0 != "\t" }
        return clean.lowercased()
    }
}
