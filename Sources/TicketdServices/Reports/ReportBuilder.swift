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

    /// The report inside a transaction (the weekly mail, sent with the report it carries).
    public func report(from: Date, to: Date, now: Date, in session: StoreSession) throws -> HelpDeskReport {
        calculator(from: from, to: to).report(try session.reportTallies(from: from, to: to, asOf: min(now, to)))
    }

    /// The report with the tickets counted on every core (`ticketd report`).
    public func report(from: Date, to: Date, now: Date, in store: TicketStore) throws -> HelpDeskReport {
        calculator(from: from, to: to).report(
            try store.reportTallies(
                from: from, to: to, asOf: min(now, to), parts: ProcessInfo.processInfo.activeProcessorCount))
    }

    /// The calculator for a window: the policies' clocks and calendars, the desk's time zone.
    public func calculator(from: Date, to: Date) -> ReportCalculator {
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
        return ReportCalculator(
            from: from, to: to, clocks: clocks,
            timeZone: configuration.timeZone,
            businessMinutes: businessMinutes)
    }
}
