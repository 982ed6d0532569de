/// One problem in the configuration, named by its key path (`sla.critical.resolution`).
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Every problem found in a configuration, reported at once.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let issues: [ConfigIssue]

    public var description: String {
        "\(file): \(issues.count) problem\(issues.count == 1 ? "" : "s")\n"
            + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}
