/// Bounds on a message's structure, as Dovecot's (nesting depth 100, 10,000 parts): beyond
/// them a message is quarantined instead of exhausting the parser.
public struct MIMELimits: Sendable {
    public var maxDepth: Int
    public var maxParts: Int

    public init(maxDepth: Int = 100, maxParts: Int = 10_000) {
        self.maxDepth = maxDepth
        self.maxParts = maxParts
    }
}
