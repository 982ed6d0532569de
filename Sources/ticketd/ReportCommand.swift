import ArgumentParser
import Foundation
import Logging
import TicketdServices

/// `ticketd report`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The desk's figures for a window, from the event trail.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Start (YYYY-MM-DD in the configured time zone, or RFC 3339); default: 7 days before --to.")
    var from: String?
    @Option(help: "End, exclusive (YYYY-MM-DD or RFC 3339); default: now.") var to: String?
    @Option(help: "table, json, csv or html.") var format: String?
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let runtime = try options.runtime(logger: Logger(label: "ticketd.report"))
        let zone = runtime.configuration.timeZone
        let end = try to.map { try Self.date($0, zone: zone, option: "--to") } ?? options.now ?? Date()
        let start =
            try from.map { try Self.date($0, zone: zone, option: "--from") } ?? end.addingTimeInterval(-7 * 86_400)
        let chosen = format ?? (options.json ? "json" : "table")
        guard ["table", "json", "csv", "html"].contains(chosen) else {
            throw ValidationError("--format \"\(chosen)\" is not table, json, csv or html")
        }
        let report = try HelpDesk(runtime: runtime).report(from: start, to: end, now: options.now ?? Date())
        let text: String
        switch chosen {
        case "json": text = try JSONOutput.encode(report)
        case "csv": text = ReportRenderer.csv(report)
        case "html": text = ReportRenderer.html(report, title: "\(runtime.configuration.deskName) report")
        default: text = ReportRenderer.table(report)
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                throw OperationError(.invalid, "--output: cannot write \(output)")
            }
        } else {
            print(text)
        }
    }

    static func date(_ text: String, zone: TimeZone, option: String) throws -> Date {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        if parts.count == 3, text.count == 10 {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
            if components.isValidDate(in: calendar), let date = calendar.date(from: components) { return date }
        }
        do {
            return try GlobalOptions.parseTime(text)
        } catch {
            throw ValidationError("\(option) \"\(text)\" is not a date (YYYY-MM-DD) or an RFC 3339 time")
        }
    }
}
