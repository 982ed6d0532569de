import ArgumentParser
import Foundation
import Logging
import TicketdServices

/// `ticketd poll --once`: one full cycle, then exit.
struct PollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll", abstract: "Fetch and process all new mail, sweep SLAs, send the outbox; then exit.")

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Run one cycle and exit (the only mode; `ticketd run` polls forever).")
    var once = false

    func validate() throws {
        guard once else { throw ValidationError("poll needs --once (use `ticketd run` for the daemon)") }
    }

    func run() throws {
        let logger = Logger(label: "ticketd.poll")
        let runtime = try options.runtime(logger: logger)
        let report = try runtime.pollOnce(now: options.now, logger: logger)
        if options.json {
            print(try JSONOutput.encode(report))
        } else {
            print(report.line)
        }
    }
}
