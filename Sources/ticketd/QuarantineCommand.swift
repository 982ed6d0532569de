import ArgumentParser
import Foundation
import Logging
import TicketdServices
import TicketdStore

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
            let entries = try runtime.store.read { try $0.quarantineEntries() }
            if options.json {
                print(try JSONOutput.encode(entries.map(QuarantineView.init)))
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
            let outcome = try QuarantineRetry(store: runtime.store, intake: runtime.intake).retry(
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

/// The JSON shape of a quarantine entry.
struct QuarantineView: Encodable {
    var id: Int64
    var uid: UInt32
    var message_id: String?
    var sender: String
    var subject: String
    var reason: String
    var arrived_at: Date
    var quarantined_at: Date
    var ticket: Int64?

    init(_ entry: QuarantineEntry) {
        id = entry.id
        uid = entry.uid
        message_id = entry.messageID
        sender = entry.sender
        subject = entry.subject
        reason = entry.reason
        arrived_at = entry.arrivedAt
        quarantined_at = entry.quarantinedAt
        ticket = entry.ticketID.flatMap { $0 > 0 ? $0 : nil }
    }
}
