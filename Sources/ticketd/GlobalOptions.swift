import ArgumentParser
import Foundation
import Logging
import TicketdServices

/// Options every subcommand accepts: `--config`, `--json`, `--now`.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default $TICKETD_CONFIG, else /etc/ticketd/ticketd.yaml).")
    var config: String?

    @Flag(name: .long, help: "Machine-readable JSON output.")
    var json = false

    @Option(name: .long, help: "Act as if the time were T (RFC 3339 with offset).", transform: GlobalOptions.parseTime)
    var now: Date?

    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["TICKETD_CONFIG"] ?? "/etc/ticketd/ticketd.yaml"
    }

    /// Loads and validates the configuration; problems exit with code 2.
    func loadConfiguration(logger: Logger? = nil) throws -> TicketdConfiguration {
        let loaded = try ConfigurationLoader().load(file: configPath)
        for note in loaded.notes { logger?.notice("\(note)") }
        return loaded.configuration
    }

    /// Builds the runtime (store, templates, intake) from the configuration.
    func runtime(logger: Logger) throws -> TicketdRuntime {
        try TicketdRuntime(configuration: loadConfiguration(logger: logger))
    }

    static func parseTime(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw ValidationError("\"\(text)\" is not an RFC 3339 time with offset (2026-11-23T17:00:00-05:00)")
    }
}
