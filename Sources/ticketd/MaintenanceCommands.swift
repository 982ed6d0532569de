import ArgumentParser
import Foundation
import Logging
import TicketdServices

/// `ticketd backup FILE`.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "A consistent copy of the live database (SQLite VACUUM INTO).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Where to write the copy (must not exist).") var file: String

    func run() throws {
        let runtime = try options.runtime(logger: Logger(label: "ticketd.backup"))
        try HelpDesk(runtime: runtime).backup(to: file)
        print("backup written to \(file)")
    }
}

/// `ticketd purge --closed-before DATE [--dry-run]`.
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Retention: remove the mail and personal data of tickets closed before DATE; keep an anonymous trail."
    )
    @OptionGroup var options: GlobalOptions
    @Option(name: .customLong("closed-before"), help: "A date (2026-01-01) or RFC 3339 time.") var closedBefore: String
    @Flag(help: "Only count what would go.") var dryRun = false

    func run() throws {
        guard let cutoff = Self.parseCutoff(closedBefore) else {
            throw ValidationError("--closed-before \"\(closedBefore)\" is not a date (2026-01-01) or an RFC 3339 time")
        }
        let runtime = try options.runtime(logger: Logger(label: "ticketd.purge"))
        let report = try HelpDesk(runtime: runtime).purge(closedBefore: cutoff, dryRun: dryRun)
        if options.json {
            print(try JSONOutput.encode(report))
        } else {
            let verb = dryRun ? "would purge" : "purged"
            print(
                "\(verb) \(report.tickets) closed tickets: \(report.messages) messages, \(report.attachments) attachments, "
                    + "\(report.unreferencedDigests.count) attachment files, \(report.rawFiles.count) raw mail files, "
                    + "\(report.quarantined) quarantined mails, \(report.autoReplyLog) auto-reply log entries")
        }
    }

    static func parseCutoff(_ text: String) -> Date? {
        if let time = JSONOutput.parseRFC3339(text) { return time }
        return JSONOutput.parseRFC3339(text + "T00:00:00Z")
    }
}
