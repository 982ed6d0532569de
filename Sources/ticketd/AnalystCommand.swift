import ArgumentParser
import Foundation
import Logging
import TicketdServices

/// `ticketd analyst list`.
struct AnalystCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyst", abstract: "The analysts.", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analysts: tier, skills, on duty now, open load, oldest due clock.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.analyst"))
            let analysts = try HelpDesk(runtime: runtime).analysts(at: options.now ?? Date())
            if options.json {
                print(try JSONOutput.encode(analysts))
                return
            }
            print("NAME        TIER  ON DUTY  OPEN  OLDEST DUE            SKILLS")
            for analyst in analysts {
                let due = analyst.oldestDueAt.map(JSONOutput.rfc3339) ?? "-"
                print(
                    [
                        analyst.name.padding(toLength: 11, withPad: " ", startingAt: 0),
                        String(analyst.tier).padding(toLength: 5, withPad: " ", startingAt: 0),
                        (analyst.onDuty ? "yes" : "no").padding(toLength: 8, withPad: " ", startingAt: 0),
                        String(analyst.open).padding(toLength: 5, withPad: " ", startingAt: 0),
                        due.padding(toLength: 21, withPad: " ", startingAt: 0),
                        analyst.skills.joined(separator: ", "),
                    ].joined(separator: " "))
            }
        }
    }
}

/// `ticketd rules test FILE.eml`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Routing rules.", subcommands: [Test.self])

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Which rule a mail matches: priority, category, skill, tier and the analyst it would go to.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "A mail file (.eml).") var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw OperationError(.invalid, "cannot read \(file)")
            }
            let runtime = try options.runtime(logger: Logger(label: "ticketd.rules"))
            let report = try HelpDesk(runtime: runtime).testRules([UInt8](data), at: options.now ?? Date())
            print(options.json ? try JSONOutput.encode(report) : report.text)
        }
    }
}
