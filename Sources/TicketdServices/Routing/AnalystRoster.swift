import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// The configured analysts at one moment: who is on duty (`on_duty`: always, never, or during a
/// calendar's hours), their open load, and the `Assignment` choices made from them.
public struct AnalystRoster: Sendable {
    public let configuration: TicketdConfiguration
    let calendars: [String: BusinessCalendar]

    public init(configuration: TicketdConfiguration, calendars: [String: BusinessCalendar]) {
        self.configuration = configuration
        self.calendars = calendars
    }

    /// Whether `analyst` is on duty at `date`.
    public func isOnDuty(_ analyst: Analyst, at date: Date) -> Bool {
        switch analyst.duty {
        case .always: true
        case .never: false
        case .calendar(let name): calendars[name]?.isOpen(at: date) ?? true
        }
    }

    /// The on-duty analysts at `date`, as mail recipients.
    public func onDuty(at date: Date) -> [MailAddress] {
        configuration.analysts.filter { isOnDuty($0, at: date) }.map { MailAddress(name: $0.name, email: $0.email) }
    }

    /// The analysts as assignment sees them at `date`.
    public func assignment(at date: Date, in session: StoreSession) throws -> Assignment {
        let load = try session.openTicketCountsByAssignee()
        return Assignment(
            candidates: configuration.analysts.map {
                Assignment.Candidate(
                    name: $0.name, tier: $0.tier, skills: $0.skills, onDuty: isOnDuty($0, at: date),
                    maxOpen: $0.maxOpen, open: load[$0.name] ?? 0)
            })
    }

    /// The time zone an analyst's day runs in: their duty calendar's, else `timezone`.
    public func timeZone(of analyst: Analyst) -> TimeZone {
        if case .calendar(let name) = analyst.duty, let calendar = calendars[name] { return calendar.timeZone }
        return configuration.timeZone
    }
}
