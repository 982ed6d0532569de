import Foundation
import TicketdCore
import TicketdStore

/// Builds a report for a window from the store's event trails with the configured policies'
/// clocks and calendars (Core's `ReportCalculator` decides).
public struct ReportBuilder: Sendable {
    public let configuration: TicketdConfiguration
    public let sla: SLAEngine

    public init(configuration: TicketdConfiguration, sla: SLAEngine) {
        self.configuration = configuration
        self.sla = sla
    }

    public func report(from: Date, to: Date, now: Date, in session: StoreSession) throws -> HelpDeskReport {
        var clocks: [Priority: [String]] = [:]
        for (priority, policy) in configuration.sla {
            clocks[priority] =
                (policy.firstResponse == nil ? [] : ["first_response"])
                + (policy.resolution == nil ? [] : ["resolution"])
        }
        let calendars = sla.calendars
        let policyCalendars = sla.policies.mapValues(\.calendar)
        let calculator = ReportCalculator(
            from: from, to: to, clocks: clocks,
            timeZone: TimeZone(identifier: configuration.timezone) ?? TimeZone(identifier: "UTC")!, asOf: now,
            businessMinutes: { priority, start, end in
                let calendar = calendars[policyCalendars[priority] ?? "24x7"] ?? BusinessCalendar.alwaysOpen
                return calendar.businessSeconds(from: start, to: end) / 60
            })
        return calculator.report(try session.eventTrails(createdBefore: to))
    }
}
