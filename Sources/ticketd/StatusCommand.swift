import ArgumentParser
import Logging
import TicketdServices

/// `ticketd status`.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Last poll, last error, outbox depth and oldest unsent, next SLA due, open tickets by priority.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let runtime = try options.runtime(logger: Logger(label: "ticketd.status"))
        let report = try StatusReport.read(from: runtime.store)
        print(options.json ? try JSONOutput.encode(report) : report.text)
    }
}
