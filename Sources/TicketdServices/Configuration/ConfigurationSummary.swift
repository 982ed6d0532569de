/// The short summary `config check` prints for a good configuration.
public struct ConfigurationSummary: Sendable {
    public let text: String

    public init(_ configuration: TicketdConfiguration) {
        let sla = configuration.sla.keys.sorted().map(\.rawValue).joined(separator: ", ")
        let trust = TrustAdvice(configuration)
        text =
            """
            configuration OK
              mailbox:    \(configuration.mailbox.url) (user \(configuration.mailbox.username))
              smtp:       \(configuration.smtp.url)
              database:   \(configuration.database)
              templates:  \(Self.templates(configuration))
              support:    \(configuration.supportAddress.email), tag [\(configuration.subjectTag) #N]
              analysts:   \(configuration.analysts.count), groups: \(configuration.groups.count), rules: \(configuration.rules.count)
              calendars:  \((["24x7"] + configuration.calendars.keys.sorted()).joined(separator: ", "))
              SLA:        \(sla.isEmpty ? "no policies" : sla)
              trust:      \(trust.proof)
            """ + trust.warnings.map { "\nwarning: \($0)" }.joined()
    }

    /// Which templates are built in and which a file overrides.
    static func templates(_ configuration: TicketdConfiguration) -> String {
        guard let directory = configuration.templates else { return "built in" }
        let overridden = (try? TemplateLibrary(directory: directory))?.overridden ?? []
        return overridden.isEmpty
            ? "built in (\(directory) overrides none)"
            : "built in; \(directory) overrides \(overridden.joined(separator: ", "))"
    }
}
