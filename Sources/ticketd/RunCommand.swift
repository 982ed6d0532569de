import ArgumentParser
import Foundation
import Logging
import TicketdServices

/// `ticketd run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "The daemon: poll, process, send, forever; SIGTERM drains and exits 0.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        var logger = Logger(label: "ticketd")
        if ProcessInfo.processInfo.environment["TICKETD_LOG_LEVEL"] == nil { logger.logLevel = .info }
        let runtime = try options.runtime(logger: logger)
        try await TicketdDaemon(runtime: runtime, configPath: options.configPath, logger: logger).run()
    }
}
