import ArgumentParser
import Foundation
import Logging
import TicketdServices

/// The `ticketd` command: a help desk that lives in email.
@main
struct Ticketd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticketd",
        abstract: "A help desk that lives in email.",
        subcommands: [
            RunCommand.self, PollCommand.self, StatusCommand.self, SLACommand.self, BackupCommand.self,
            PurgeCommand.self, TicketCommand.self, AnalystCommand.self, RulesCommand.self,
            ProblemCommand.self, BroadcastCommand.self, KnowledgeBaseCommand.self, ReportCommand.self,
            QuarantineCommand.self,
            ConfigCommand.self,
        ])

    /// Parses, runs, and maps failures to the contract's exit codes: 1 runtime failure, 2 bad
    /// usage or configuration. A user sees a message, never a Swift dump.
    static func main() async {
        CommandFailure.initializeLibraries()
        LoggingSystem.bootstrap { label in
            var handler = JournalLogHandler(label: label)
            let level = ProcessInfo.processInfo.environment["TICKETD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .notice
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            if let failure = CommandFailure.exit(for: error) {
                FileHandle.standardError.write(Data("ticketd: \(failure.message)\n".utf8))
                Foundation.exit(failure.code)
            }
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            // ArgumentParser's usage errors (64) are the contract's bad usage (2).
            Foundation.exit(code.rawValue == 64 || code == .validationFailure ? 2 : (code.rawValue == 0 ? 0 : 1))
        }
    }
}
