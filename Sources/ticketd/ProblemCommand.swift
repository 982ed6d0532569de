import ArgumentParser
import Foundation
import Logging
import TicketdCore
import TicketdServices

/// `ticketd problem create|resolve`.
struct ProblemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "problem", abstract: "Problems: global tickets for one outage's incidents.",
        subcommands: [Create.self, Resolve.self])

    static var actor: String { "operator:\(ProcessInfo.processInfo.environment["USER"] ?? "root")" }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a problem, link incidents to it, and tell user groups of the outage.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "The problem's title.") var title: String
        @Option(help: "Incidents to link, as N,M,…") var link: String?
        @Option(help: "A user group to tell (repeatable); the children's requesters are told too.")
        var notify: [String] = []
        @Option(help: "critical, high, medium or low (default: the highest of the children).") var priority: Priority?

        func run() throws {
            var children: [Int64] = []
            for part in (link ?? "").split(separator: ",") {
                guard let id = Int64(part.trimmingCharacters(in: .whitespaces).drop { $0 == "#" }) else {
                    throw ValidationError("--link: \"\(part)\" is not a ticket number")
                }
                children.append(id)
            }
            let runtime = try options.runtime(logger: Logger(label: "ticketd.problem"))
            let ticket = try HelpDesk(runtime: runtime).createProblem(
                title: title, children: children, notify: notify, priority: priority, actor: ProblemCommand.actor,
                at: options.now ?? Date())
            if let ticket { print(options.json ? try JSONOutput.encode(ticket) : TicketText.table([ticket])) }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolve a problem and every open child; everyone affected is told once.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The problem's number.") var number: Int64
        @Option(help: "What was done, for the notices.") var note: String = ""

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.problem"))
            let ticket = try HelpDesk(runtime: runtime).resolveProblem(
                number, note: note, actor: ProblemCommand.actor, at: options.now ?? Date())
            if let ticket { print(options.json ? try JSONOutput.encode(ticket) : TicketText.table([ticket])) }
        }
    }
}

/// `ticketd broadcast`.
struct BroadcastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadcast", abstract: "Mail a broadcast template to user groups, each person once.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "A user group (repeatable); \"children\" for the problem's children's requesters.")
    var group: [String] = []
    @Option(help: "broadcast-outage, broadcast-outage-short, broadcast-update or broadcast-resolved.")
    var template: String
    @Option(help: "The problem it is about.") var ticket: Int64?
    @Option(help: "A file with the text to include (UTF-8).") var textFile: String?
    @Flag(help: "The text is for everyone: later senders' acknowledgements quote it.") var `public` = false

    func run() throws {
        var text = ""
        if let textFile {
            guard let read = try? String(contentsOfFile: textFile, encoding: .utf8) else {
                throw OperationError(.invalid, "--text-file: cannot read \(textFile) as UTF-8 text")
            }
            text = read.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let runtime = try options.runtime(logger: Logger(label: "ticketd.broadcast"))
        let queued = try HelpDesk(runtime: runtime).broadcast(
            groups: group, template: template, ticket: ticket, text: text, isPublic: `public`,
            actor: ProblemCommand.actor,
            at: options.now ?? Date())
        print(options.json ? try JSONOutput.encode(["queued": queued]) : "queued=\(queued)")
    }
}
