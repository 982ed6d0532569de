import Foundation

/// Turns what the store tallied from the event trail for `[from, to)` (`ReportTallies`) into a
/// `HelpDeskReport`: means, medians and percentiles, business time in each priority's calendar,
/// ISO weeks in the desk's time zone, age buckets, rates, and only the clocks each priority's
/// policy runs. Pure; each figure's rule is in the README.
public struct ReportCalculator: Sendable {
    public let from: Date
    public let to: Date
    /// The clocks each priority's policy runs (`first_response`, `resolution`).
    public let clocks: [Priority: [String]]
    /// Business minutes between two instants in the calendar of a priority's policy; nil when
    /// that calendar is always open (business time is then wall-clock time).
    public let businessMinutes: [Priority: @Sendable (Date, Date) -> Double]
    public let timeZone: TimeZone

    public init(
        from: Date, to: Date, clocks: [Priority: [String]], timeZone: TimeZone,
        businessMinutes: [Priority: @Sendable (Date, Date) -> Double] = [:]
    ) {
        self.from = from
        self.to = to
        self.clocks = clocks
        self.timeZone = timeZone
        self.businessMinutes = businessMinutes
    }

    public func report(_ tallies: ReportTallies) -> HelpDeskReport {
        var report = HelpDeskReport(from: from, to: to)
        var isoCalendar = Calendar(identifier: .iso8601)
        isoCalendar.timeZone = timeZone
        report.ticketsCreated = tallies.openedByCategory.values.reduce(0, +)
        report.repeatedIncidents = tallies.repeated
        for (category, count) in tallies.openedByCategory {
            report.volumeByCategory[category ?? "none", default: 0] += count
        }
        for (quarterHour, count) in tallies.openedByQuarterHour {
            let start = Date(timeIntervalSince1970: Double(quarterHour) * 900)
            let parts = isoCalendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: start)
            let week = String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
            report.volumeByWeek[week, default: 0] += count
        }
        var minutes: [Double] = []
        var businessTotal = 0.0
        for (priority, spans) in tallies.resolutions {
            let wallClock = spans.map { Double($0.end - $0.start) / 60_000 }
            minutes += wallClock
            report.mttrByPriority[priority.rawValue] = Self.durations(wallClock).mean
            if let business = businessMinutes[priority] {
                for span in spans {
                    businessTotal += business(
                        Date(timeIntervalSince1970: Double(span.start) / 1000),
                        Date(timeIntervalSince1970: Double(span.end) / 1000))
                }
            } else {
                businessTotal += wallClock.reduce(0, +)
            }
        }
        report.ticketsResolved = minutes.count
        report.mttrMinutes = Self.durations(minutes)
        report.mttrMinutes.businessMean = minutes.isEmpty ? nil : businessTotal / Double(minutes.count)
        report.closedByAnalyst = tallies.resolvedBy
        report.firstContactResolutionRate =
            minutes.isEmpty ? nil : Double(tallies.firstContact) / Double(minutes.count)
        for (priority, byClock) in tallies.compliance {
            for clock in clocks[priority] ?? [] {
                guard let counts = byClock[clock], counts != HelpDeskReport.Compliance() else { continue }
                report.slaCompliance[priority.rawValue, default: [:]][clock] = counts
            }
        }
        for (days, count) in tallies.activeByAgeDays {
            let bucket = days < 1 ? "<1d" : days < 3 ? "1-3d" : days < 7 ? "3-7d" : days < 30 ? "7-30d" : ">30d"
            report.backlogByAge[bucket, default: 0] += count
        }
        report.reassignments = tallies.reassignedFrom.values.reduce(0, +)
        report.reassignedByAnalyst = tallies.reassignedFrom
        report.escalations = tallies.escalations
        report.selfServiceResolutions = tallies.selfService
        report.problems = tallies.problems
        let ratings = tallies.ratings
        report.satisfaction.count = ratings.count
        report.satisfaction.average = ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)
        report.satisfaction.responseRate =
            minutes.isEmpty ? nil : Double(ratings.count) / Double(minutes.count)
        return report
    }

    /// Mean, median (the middle, or the mean of the two middles) and p90 (nearest rank).
    static func durations(_ values: [Double]) -> HelpDeskReport.Durations {
        guard !values.isEmpty else { return HelpDeskReport.Durations() }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        let rank = Int((0.9 * Double(sorted.count)).rounded(.up)) - 1
        return HelpDeskReport.Durations(
            mean: values.reduce(0, +) / Double(values.count), median: median, p90: sorted[max(0, rank)])
    }
}
