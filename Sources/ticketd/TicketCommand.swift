import ArgumentParser
import Foundation
import Logging
import TicketdCore
import TicketdServices
import TicketdStore

/// `ticketd ticket list|show|set`.
struct TicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket", abstract: "List, show and change tickets.",
        subcommands: [List.self, Show.self, Set.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tickets, newest first.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this status (new, open, pending, resolved, closed).") var status: TicketStatus?
        @Option(help: "Only tickets assigned to this analyst.") var assignee: String?
        @Option(help: "Only tickets from this requester address.") var requester: String?
        @Option(help: "At most this many.") var limit = 50

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.ticket"))
            let filter = TicketFilter(status: status, assignee: assignee, requester: requester, limit: limit)
            let tickets = try runtime.store.read { try $0.tickets(filter) }
            print(options.json ? try JSONOutput.encode(tickets) : TicketText.table(tickets))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One ticket with messages, events, links and clocks.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket number.") var number: Int64

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.ticket"))
            guard let ticket = try runtime.store.read({ try $0.ticketDetail(number) }) else {
                throw OperationError(.notFound, "no ticket #\(number)")
            }
            print(options.json ? try JSONOutput.encode(ticket) : TicketText.detail(ticket))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a ticket; recorded as events.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket number.") var number: Int64
        @Option(help: "critical, high, medium or low.") var priority: Priority?
        @Option(help: "new, open, pending, resolved or closed.") var status: TicketStatus?
        @Option(help: "An analyst's name (empty to unassign).") var assign: String?
        @Option(help: "A configured category.") var category: String?
        @Option(help: "Open an interim step clock (NAME=DURATION, e.g. approval=4h) or close it (NAME=done).")
        var step: [String] = []

        func validate() throws {
            if priority == nil && status == nil && assign == nil && category == nil && step.isEmpty {
                throw ValidationError("nothing to change: give --priority, --status, --assign, --category or --step")
            }
        }

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.ticket"))
            let change = TicketChange(
                priority: priority, status: status, assignee: assign, category: category,
                steps: try step.map { try TicketChange.step($0) })
            try change.validate(against: runtime.configuration)
            let now = options.now ?? Date()
            let actor = "operator:\(ProcessInfo.processInfo.environment["USER"] ?? "root")"
            let ticket = try runtime.store.write { session in
                try change.apply(to: number, actor: actor, at: now, sla: runtime.intake.sla, in: session)
                return try session.ticket(number)
            }
            if let ticket {
                print(options.json ? try JSONOutput.encode(ticket) : TicketText.table([ticket]))
            }
        }
    }
}

extension Priority: ExpressibleByArgument {}
extension TicketStatus: ExpressibleByArgument {}
