/// Bounds on what the parser accepts, so hostile mail cannot exhaust memory or stack.
///
/// The header caps follow Dovecot's spirit (it refuses header blocks past a fixed size): a
/// single field over `maxHeaderFieldBytes` or a header block over `maxHeaderBlockBytes` makes
/// the mail a quarantined one with that reason, never minutes of parsing.
public struct MIMELimits: Sendable {
    public var maxDepth: Int
    public var maxParts: Int
    /// One unfolded header field, name and value.
    public var maxHeaderFieldBytes: Int
    /// One part's whole header block.
    public var maxHeaderBlockBytes: Int

    public init(
        maxDepth: Int = 100, maxParts: Int = 10_000, maxHeaderFieldBytes: Int = 256 * 1024,
        maxHeaderBlockBytes: Int = 1024 * 1024
    ) {
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderFieldBytes = maxHeaderFieldBytes
        self.maxHeaderBlockBytes = maxHeaderBlockBytes
    }
}
