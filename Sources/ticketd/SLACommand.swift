import ArgumentParser
import Foundation
import Logging
import TicketdServices

/// `ticketd sla sweep`.
struct SLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla", abstract: "Service-level clocks.", subcommands: [Sweep.self])

    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Evaluate the clocks and queue warnings and escalations, close resolved tickets, remind and resolve pending ones (sending is poll's or run's)."
        )
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let logger = Logger(label: "ticketd.sla")
            let runtime = try options.runtime(logger: logger)
            let result = try runtime.sweeper.sweep(at: options.now ?? Date(), logger: logger)
            if options.json {
                print(
                    try JSONOutput.encode([
                        "clocks": result.clocks, "warnings": result.warnings, "breaches": result.breaches,
                        "escalations": result.escalations, "closed": result.closed, "reminded": result.reminded,
                        "resolved": result.resolved,
                    ]))
            } else {
                print(
                    "clocks=\(result.clocks) warnings=\(result.warnings) breaches=\(result.breaches) "
                        + "escalations=\(result.escalations) closed=\(result.closed) reminded=\(result.reminded) "
                        + "resolved=\(result.resolved)")
            }
        }
    }
}
