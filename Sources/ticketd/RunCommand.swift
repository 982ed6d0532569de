import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
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
        let daemon = TicketdDaemon(runtime: runtime, configPath: options.configPath, logger: logger)
        // The group is assembled here: the web server and a database client join as services.
        let services = daemon.services(adding: [])
        try await daemon.run(ServiceGroup(configuration: daemon.groupConfiguration(services: services)))
    }
}
