import ArgumentParser
import Foundation
import TicketdServices

/// `ticketd config check`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Validate the configuration.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate config and templates; report every problem at once, each with its key path.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            do {
                let configuration = try options.loadConfiguration()
                print(ConfigurationSummary(configuration).text)
            } catch let error as ConfigurationError {
                if options.json {
                    print(try JSONOutput.encode(error.issues.map { ["path": $0.path, "message": $0.message] }))
                } else {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                }
                throw ExitCode(2)
            }
        }
    }
}
