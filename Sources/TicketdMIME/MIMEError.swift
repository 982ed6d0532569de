/// A message that cannot be turned into a ticket as it stands; the reason goes to the quarantine.
public struct MIMEError: Error, Sendable, Equatable {
    /// What kind of problem the message has.
    public enum Code: String, Sendable {
        case empty
        case noHeaders
        case tooLarge
        case tooDeep
        case tooManyParts
        case headerTooLarge
        case timeout
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension MIMEError: CustomStringConvertible {
    public var description: String { message }
}
