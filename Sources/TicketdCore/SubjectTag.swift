import Foundation

/// The ticket tag in subjects, `[Help Desk #110]`: written into every outgoing subject and
/// read back first when threading.
public struct SubjectTag: Sendable {
    public let tag: String

    public init(_ tag: String) {
        self.tag = tag
    }

    /// `[<tag> #id]`.
    public func token(for id: Int64) -> String { "[\(tag) #\(id)]" }

    /// The subject carrying the tag once, before the rest of the subject.
    public func tagged(_ subject: String, id: Int64) -> String {
        let token = token(for: id)
        if subject.contains(token) { return subject }
        return subject.isEmpty ? token : "\(token) \(subject)"
    }

    /// The subject without any of our tags (a stranger's reply must not carry another
    /// ticket's number into a new ticket).
    public func stripped(_ subject: String) -> String {
        var result = subject
        while let number = ticketID(in: result),
            let range = result.range(of: token(for: number), options: .caseInsensitive)
        {
            result.removeSubrange(range)
        }
        return result.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// The ticket number of the first well-formed tag in `subject`, if any.
    public func ticketID(in subject: String) -> Int64? {
        let prefix = "[\(tag) #"
        var search = subject.startIndex..<subject.endIndex
        while let found = subject.range(of: prefix, options: .caseInsensitive, range: search) {
            let digits = subject[found.upperBound...].prefix { $0.isASCII && $0.isNumber }
            let after = subject.index(found.upperBound, offsetBy: digits.count)
            if !digits.isEmpty, digits.count < 16, after < subject.endIndex, subject[after] == "]" {
                return Int64(digits)
            }
            search = found.upperBound..<subject.endIndex
        }
        return nil
    }
}
