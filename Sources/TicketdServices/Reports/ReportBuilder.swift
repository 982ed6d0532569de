import Foundation
import TicketdCore
import TicketdStore

/// Builds a report for a window from what the store tallies out of the event trail, with the
/// configured policies' clocks and calendars (Core's `ReportCalculator` decides).
public struct ReportBuilder: Sendable {
    public let configuration: TicketdConfiguration
    public let sla: SLAEngine

    public init(configuration: TicketdConfiguration, sla: SLAEngine) {
        self.configuration = configuration
        self.sla = sla
    }

    public func report(from: Date, to: Date, now: Date, in session: StoreSession) throws -> HelpDeskReport {
        var clocks: [Priority: [String]] = [:]
        var businessMinutes: [Priority: @Sendable (Date, Date) -> Double] = [:]
        for (priority, policy) in configuration.sla {
            clocks[priority] =
                (policy.firstResponse == nil ? [] : ["first_response"])
                + (policy.resolution == nil ? [] : ["resolution"])
        }
        for (priority, policy) in sla.policies {
            guard let calendar = sla.calendars[policy.calendar], !calendar.isAlwaysOpen else { continue }
            businessMinutes[priority] = { calendar.businessSeconds(from: $0, to: $1) / 60 }
        }
        let calculator = ReportCalculator(
            from: from, to: to, clocks: clocks,
            timeZone: TimeZone(identifier: configuration.timezone) ?? TimeZone(identifier: "UTC")!,
            businessMinutes: businessMinutes)
        return calculator.report(try session.reportTallies(from: from, to: to, asOf: min(now, to)))
    }
}
