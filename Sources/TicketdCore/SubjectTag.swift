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
    /// ticket's number into a new ticket). One pass: each search starts where the last ended.
    public func stripped(_ subject: String) -> String {
        var result = ""
        var copiedUpTo = subject.startIndex
        var search = subject.startIndex..<subject.endIndex
        while let (found, end) = nextTag(in: subject, range: search) {
            result += subject[copiedUpTo..<found.lowerBound]
            copiedUpTo = end
            search = end..<subject.endIndex
        }
        result += subject[copiedUpTo...]
        return result.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// The ticket number of the first well-formed tag in `subject`, if any.
    public func ticketID(in subject: String) -> Int64? {
        guard let (found, end) = nextTag(in: subject, range: subject.startIndex..<subject.endIndex) else { return nil }
        return Int64(subject[found.upperBound..<subject.index(before: end)])
    }

    /// The next well-formed tag in `range`: where its `[<tag> #` prefix lies and where the tag ends.
    private func nextTag(in subject: String, range: Range<String.Index>) -> (Range<String.Index>, String.Index)? {
        let prefix = "[\(tag) #"
        var search = range
        while let found = subject.range(of: prefix, options: .caseInsensitive, range: search) {
            let digits = subject[found.upperBound...].prefix { $0.isASCII && $0.isNumber }
            let after = subject.index(found.upperBound, offsetBy: digits.count)
            if !digits.isEmpty, digits.count < 16, after < subject.endIndex, subject[after] == "]" {
                return (found, subject.index(after: after))
            }
            search = found.upperBound..<subject.endIndex
        }
        return nil
    }
}
