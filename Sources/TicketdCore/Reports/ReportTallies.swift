import Foundation

/// What a report counts for a window `[from, to)` out of the event trail, ticket by ticket
/// (`count`) and event by event, before `ReportCalculator` turns it into figures. Times are
/// milliseconds since 1970. Incident figures leave problems out; `problems` lists them.
public struct ReportTallies: Sendable, Equatable {
    /// From a ticket's opening to its first resolution.
    public struct Span: Sendable, Equatable {
        public var start: Int64
        public var end: Int64

        public init(start: Int64, end: Int64) {
            self.start = start
            self.end = end
        }
    }

    /// When an SLA clock was first met and first breached.
    public struct ClockTimes: Sendable, Equatable {
        public var met: Int64?
        public var breached: Int64?

        public init(met: Int64? = nil, breached: Int64? = nil) {
            self.met = met
            self.breached = breached
        }
    }

    /// One ticket's summary as it stood at the window's end.
    public struct TicketFacts: Sendable, Equatable {
        public var createdAt: Int64
        public var priority: Priority?
        public var category: String?
        public var isActive: Bool
        /// The first resolution, the priority then, whom it is credited to, whether it was a
        /// first-contact resolution.
        public var resolvedAt: Int64?
        public var resolvedPriority: Priority?
        public var credited: String?
        public var firstContact: Bool
        public var firstResponse: ClockTimes
        public var resolution: ClockTimes
        /// Whether its requester opened another ticket of its category in the 30 days before.
        public var repeated: Bool

        public init(
            createdAt: Int64, priority: Priority?, category: String?, isActive: Bool, resolvedAt: Int64?,
            resolvedPriority: Priority?, credited: String?, firstContact: Bool, firstResponse: ClockTimes,
            resolution: ClockTimes, repeated: Bool
        ) {
            self.createdAt = createdAt
            self.priority = priority
            self.category = category
            self.isActive = isActive
            self.resolvedAt = resolvedAt
            self.resolvedPriority = resolvedPriority
            self.credited = credited
            self.firstContact = firstContact
            self.firstResponse = firstResponse
            self.resolution = resolution
            self.repeated = repeated
        }
    }

    public let from: Int64
    public let to: Int64
    /// When backlog ages are measured.
    public let asOf: Int64

    /// Tickets opened in the window by category at its end (nil: none), by quarter hour
    /// (`created_at / 900_000`), and how many of them were repeated incidents.
    public var openedByCategory: [String?: Int] = [:]
    public var openedByQuarterHour: [Int64: Int] = [:]
    public var repeated = 0
    /// First resolutions in the window by the priority they had then.
    public var resolutions: [Priority: [Span]] = [:]
    /// Of those, how many were first-contact resolutions, and whom each is credited to.
    public var firstContact = 0
    public var resolvedBy: [String: Int] = [:]
    /// Priority at the window's end → clock → counts.
    public var compliance: [Priority: [String: HelpDeskReport.Compliance]] {
        var result: [Priority: [String: HelpDeskReport.Compliance]] = [:]
        for (index, priority) in Priority.allCases.enumerated() {
            for (offset, clock) in Self.clocks.enumerated()
            where clockCounts[index * 2 + offset] != HelpDeskReport.Compliance() {
                result[priority, default: [:]][clock] = clockCounts[index * 2 + offset]
            }
        }
        return result
    }
    /// Tickets active at the window's end by whole days of age.
    public var activeByAgeDays: [Int: Int] = [:]
    /// Reassignments in the window by the analyst the ticket was taken from.
    public var reassignedFrom: [String: Int] = [:]
    /// Tier escalations in the window by the tier reached.
    public var escalations: [String: Int] = [:]
    public var selfService = 0
    /// Each rated ticket's last rating in the window.
    public var ratings: [Int] = []
    public var problems: [HelpDeskReport.Problem] = []

    static let clocks = ["first_response", "resolution"]
    /// Counts per priority (by `rank`) and clock.
    var clockCounts = Array(repeating: HelpDeskReport.Compliance(), count: Priority.allCases.count * 2)

    public init(from: Int64, to: Int64, asOf: Int64) {
        self.from = from
        self.to = to
        self.asOf = asOf
    }

    func inWindow(_ time: Int64?) -> Bool { time.map { $0 >= from && $0 < to } ?? false }

    /// A clock breached in the window; else met in it, not breached before its end; else
    /// neither before the end on an active ticket: running.
    mutating func count(_ times: ClockTimes, at index: Int, isActive: Bool) {
        let breachedBefore = times.breached.map { $0 < to } ?? false
        if inWindow(times.breached) {
            clockCounts[index].breached += 1
        } else if !breachedBefore, inWindow(times.met) {
            clockCounts[index].met += 1
        } else if !breachedBefore, !(times.met.map { $0 < to } ?? false), isActive {
            clockCounts[index].running += 1
        }
    }

    /// Counts one incident opened before the window's end.
    public mutating func count(_ ticket: TicketFacts) {
        if inWindow(ticket.createdAt) {
            openedByCategory[ticket.category, default: 0] += 1
            openedByQuarterHour[ticket.createdAt / 900_000, default: 0] += 1
            if ticket.repeated { repeated += 1 }
        }
        if inWindow(ticket.resolvedAt), let resolvedAt = ticket.resolvedAt, let priority = ticket.resolvedPriority {
            resolutions[priority, default: []].append(Span(start: ticket.createdAt, end: resolvedAt))
            resolvedBy[ticket.credited ?? "unassigned", default: 0] += 1
            if ticket.firstContact { firstContact += 1 }
        }
        if let priority = ticket.priority {
            count(ticket.firstResponse, at: priority.rank * 2, isActive: ticket.isActive)
            count(ticket.resolution, at: priority.rank * 2 + 1, isActive: ticket.isActive)
        }
        if ticket.isActive {
            activeByAgeDays[Int(max(0, asOf - ticket.createdAt) / 86_400_000), default: 0] += 1
        }
    }
}

extension ReportTallies {
    /// Adds what another count of the same window found (other tickets, or the events).
    public mutating func merge(_ other: ReportTallies) {
        openedByCategory.merge(other.openedByCategory, uniquingKeysWith: +)
        openedByQuarterHour.merge(other.openedByQuarterHour, uniquingKeysWith: +)
        repeated += other.repeated
        resolutions.merge(other.resolutions, uniquingKeysWith: +)
        firstContact += other.firstContact
        resolvedBy.merge(other.resolvedBy, uniquingKeysWith: +)
        for index in clockCounts.indices {
            clockCounts[index].met += other.clockCounts[index].met
            clockCounts[index].breached += other.clockCounts[index].breached
            clockCounts[index].running += other.clockCounts[index].running
        }
        activeByAgeDays.merge(other.activeByAgeDays, uniquingKeysWith: +)
        reassignedFrom.merge(other.reassignedFrom, uniquingKeysWith: +)
        escalations.merge(other.escalations, uniquingKeysWith: +)
        selfService += other.selfService
        ratings += other.ratings
        problems += other.problems
    }
}
