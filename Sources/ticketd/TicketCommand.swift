import ArgumentParser
import Foundation
import Logging
import TicketdCore
import TicketdServices

/// `ticketd ticket list|show|set|create`.
struct TicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket", abstract: "List, show and change tickets.",
        subcommands: [List.self, Show.self, Set.self, TicketCreateCommand.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tickets, newest first.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this status (new, open, pending, resolved, closed).") var status: TicketStatus?
        @Option(help: "Only tickets assigned to this analyst.") var assignee: String?
        @Option(help: "Only tickets from this requester address.") var requester: String?
        @Option(help: "At most this many.") var limit = 50
        @Flag(help: "Open problems (global tickets) with their number of children.") var problems = false

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.ticket"))
            if problems {
                let found = try HelpDesk(runtime: runtime).problems()
                print(options.json ? try JSONOutput.encode(found) : TicketText.problemTable(found))
                return
            }
            let tickets = try HelpDesk(runtime: runtime).tickets(
                status: status, assignee: assignee, requester: requester, limit: limit)
            print(options.json ? try JSONOutput.encode(tickets) : TicketText.table(tickets))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One ticket with messages, events, links and clocks.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The ticket number.") var number: Int64

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.ticket"))
            guard let ticket = try HelpDesk(runtime: runtime).ticket(number) else {
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
        @Flag(help: "Move the ticket up one tier; the new assignee is chosen there by skill and load.")
        var escalate = false

        func validate() throws {
            if priority == nil && status == nil && assign == nil && category == nil && step.isEmpty && !escalate {
                throw ValidationError(
                    "nothing to change: give --priority, --status, --assign, --category, --step or --escalate")
            }
            if escalate && assign != nil {
                throw ValidationError("--escalate chooses the assignee: leave out --assign")
            }
        }

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.ticket"))
            let change = TicketChange(
                priority: priority, status: status, assignee: assign, category: category,
                steps: try step.map { try TicketChange.step($0) }, escalate: escalate)
            let actor = "operator:\(ProcessInfo.processInfo.environment["USER"] ?? "root")"
            let ticket = try HelpDesk(runtime: runtime).change(number, change, actor: actor, at: options.now ?? Date())
            if let ticket {
                print(options.json ? try JSONOutput.encode(ticket) : TicketText.table([ticket]))
            }
        }
    }
}

/// `ticketd ticket create`: a ticket on behalf of a user who called.
struct TicketCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Open a ticket on behalf of a user (a phone call); the user is acknowledged.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "The user's mail address (\"Name <addr>\" or addr).") var requester: String
    @Option(help: "The ticket's subject.") var subject: String
    @Option(help: "A file holding the description (UTF-8 text).") var bodyFile: String?
    @Option(help: "critical, high, medium or low (default: as the routing rules decide).") var priority: Priority?
    @Option(help: "An analyst's name.") var assign: String?

    func run() throws {
        let runtime = try options.runtime(logger: Logger(label: "ticketd.ticket"))
        var body = ""
        if let bodyFile {
            guard let text = try? String(contentsOfFile: bodyFile, encoding: .utf8) else {
                throw OperationError(.invalid, "--body-file: cannot read \(bodyFile) as UTF-8 text")
            }
            body = text
        }
        let actor = "operator:\(ProcessInfo.processInfo.environment["USER"] ?? "root")"
        let ticket = try HelpDesk(runtime: runtime).createTicket(
            requester: requester, subject: subject, body: body, priority: priority, assignee: assign, actor: actor,
            at: options.now ?? Date())
        if let ticket {
            print(options.json ? try JSONOutput.encode(ticket) : TicketText.table([ticket]))
        }
    }
}

extension Priority: ExpressibleByArgument {}
extension TicketStatus: ExpressibleByArgument {}
