/// One header field as it stood in the message, unfolded (RFC 5322 §2.2.3).
public struct HeaderField: Sendable, Equatable {
    /// The field name as written (compare case-insensitively).
    public let name: String
    /// The unfolded value with undeclared 8-bit bytes read as UTF-8 (or Windows-1252), encoded
    /// words still encoded.
    public let rawValue: String
    /// The name in lower case, for look-ups.
    let key: String

    public init(name: String, rawValue: String) {
        self.name = name
        self.rawValue = rawValue
        key = name.lowercased()
    }

    /// The value with RFC 2047 encoded words decoded and control characters removed.
    public var decodedValue: String { EncodedWord.decode(rawValue) }
}
