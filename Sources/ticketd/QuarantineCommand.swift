import ArgumentParser
import Foundation
import Logging
import TicketdServices

/// `ticketd quarantine list|retry N`.
struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine", abstract: "Mail that could not become a ticket, and why.",
        subcommands: [List.self, Retry.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Quarantined mail with reasons, newest first.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.quarantine"))
            let entries = try HelpDesk(runtime: runtime).quarantined()
            if options.json {
                print(try JSONOutput.encode(entries))
            } else if entries.isEmpty {
                print("nothing quarantined")
            } else {
                print(TicketText.quarantine(entries))
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a quarantined mail through intake again.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The quarantine entry number.") var number: Int64

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.quarantine"))
            let outcome = try HelpDesk(runtime: runtime).retryQuarantined(
                number, at: options.now ?? Date())
            switch outcome {
            case .created(let id): print("released: created ticket #\(id)")
            case .threaded(let id), .bounce(let id): print("released: added to ticket #\(id)")
            case .duplicate: print("already stored: nothing to do")
            case .quarantined(let reason):
                print("still quarantined: \(reason)")
                throw ExitCode(1)
            }
        }
    }
}
