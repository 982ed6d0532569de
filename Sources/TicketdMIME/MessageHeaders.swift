import Foundation

/// The header fields of a message or part, in order, with case-insensitive look-up.
public struct MessageHeaders: Sendable, Equatable {
    public private(set) var fields: [HeaderField]

    public init(_ fields: [HeaderField] = []) {
        self.fields = fields
    }

    /// The first field's raw (still encoded) value.
    public func raw(_ name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.key == key }?.rawValue
    }

    /// Every field of that name, raw, in order.
    public func all(_ name: String) -> [String] {
        let key = name.lowercased()
        return fields.filter { $0.key == key }.map(\.rawValue)
    }

    /// The first field's value, decoded (RFC 2047) and trimmed.
    public subscript(_ name: String) -> String? {
        raw(name).map { EncodedWord.decode($0).trimmingCharacters(in: .whitespaces) }
    }

    mutating func append(_ field: HeaderField) {
        fields.append(field)
    }
}
