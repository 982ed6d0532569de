import Foundation

/// Computes a `HelpDeskReport` for `[from, to)` from tickets' typed event trails only, so any
/// past window can be recomputed (also after a purge, which keeps kinds, values, roles and
/// times). Pure; each figure's rule is in the README.
public struct ReportCalculator: Sendable {
    public let from: Date
    public let to: Date
    /// The clocks each priority's policy runs (`first_response`, `resolution`).
    public let clocks: [Priority: [String]]
    /// Business minutes between two instants in the calendar of a priority's policy.
    public let businessMinutes: @Sendable (Priority, Date, Date) -> Double
    public let timeZone: TimeZone
    /// When the backlog's ages are measured: the window's end, or now when it lies ahead.
    public let asOf: Date

    public init(
        from: Date, to: Date, clocks: [Priority: [String]], timeZone: TimeZone, asOf: Date? = nil,
        businessMinutes: @escaping @Sendable (Priority, Date, Date) -> Double
    ) {
        self.asOf = min(asOf ?? to, to)
        self.from = from
        self.to = to
        self.clocks = clocks
        self.timeZone = timeZone
        self.businessMinutes = businessMinutes
    }

    /// One ticket's trail, oldest first.
    public struct Trail: Sendable {
        public var ticketID: Int64
        public var events: [TicketEvent]

        public init(ticketID: Int64, events: [TicketEvent]) {
            self.ticketID = ticketID
            self.events = events
        }
    }

    func inWindow(_ date: Date) -> Bool { date >= from && date < to }

    public func report(_ trails: [Trail]) -> HelpDeskReport {
        var report = HelpDeskReport(from: from, to: to)
        var minutes: [Double] = []
        var business: [Double] = []
        var firstContact = 0
        var ratings: [Int] = []
        var created: [(id: Int64, at: Date, requester: String, category: String)] = []
        var isoCalendar = Calendar(identifier: .iso8601)
        isoCalendar.timeZone = timeZone
        for trail in trails {
            let events = trail.events
            guard let opening = events.first(where: { $0.kind == .created }) else { continue }
            let priority = { (date: Date) -> Priority in
                let value = events.last { $0.kind == .priority && $0.at <= date }?.to ?? opening.to
                return value.flatMap(Priority.init(rawValue:)) ?? .medium
            }
            let category = events.last { $0.kind == .category && $0.at < to }?.to ?? "none"
            if opening.at < to {
                created.append((trail.ticketID, opening.at, opening.role == .requester ? opening.actor : "", category))
            }
            if inWindow(opening.at) {
                report.ticketsCreated += 1
                report.volumeByCategory[category, default: 0] += 1
                let week = isoCalendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: opening.at)
                let key = String(format: "%04d-W%02d", week.yearForWeekOfYear ?? 0, week.weekOfYear ?? 0)
                report.volumeByWeek[key, default: 0] += 1
            }
            for event in events where inWindow(event.at) {
                switch event.kind {
                case .assignment where event.from != nil && event.to != nil: report.reassignments += 1
                case .tierEscalation: report.escalations[event.to ?? "?", default: 0] += 1
                case .selfService: report.selfServiceResolutions += 1
                default: break
                }
            }
            if let rating = events.last(where: { $0.kind == .satisfaction && inWindow($0.at) })?.to.flatMap({ Int($0) })
            {
                ratings.append(rating)
            }
            // Resolution: the first change to resolved inside the window.
            if let resolved = events.first(where: { $0.kind == .status && $0.to == "resolved" && inWindow($0.at) }) {
                report.ticketsResolved += 1
                let elapsed = resolved.at.timeIntervalSince(opening.at) / 60
                minutes.append(elapsed)
                business.append(businessMinutes(priority(resolved.at), opening.at, resolved.at))
                let before = events.filter { $0.at <= resolved.at }
                let credited =
                    before.last { $0.kind == .assignment }?.to
                    ?? (resolved.role == .analyst ? resolved.actor : "unassigned")
                report.closedByAnalyst[credited, default: 0] += 1
                let publicReplies = before.filter {
                    $0.kind == .messageIn && $0.role == .analyst && $0.detail == "public reply"
                }.count
                let reassigned = before.contains { $0.kind == .assignment && $0.from != nil && $0.to != nil }
                let escalated = before.contains { $0.kind == .tierEscalation }
                if publicReplies == 1, !reassigned, !escalated { firstContact += 1 }
            }
            // SLA compliance per priority and clock.
            let policyClocks = clocks[priority(to)] ?? []
            for clock in policyClocks {
                let breach = events.first { $0.kind == .slaBreached && $0.to == clock && $0.at < to }
                let met = events.first { $0.kind == .slaMet && $0.detail == clock && $0.at < to }
                var counts = report.slaCompliance[priority(to).rawValue, default: [:]][clock, default: .init()]
                if let breach, inWindow(breach.at) {
                    counts.breached += 1
                } else if breach == nil, let met, inWindow(met.at) {
                    counts.met += 1
                } else if breach == nil, met == nil, opening.at < to, isActive(events, at: to) {
                    counts.running += 1
                } else {
                    continue
                }
                report.slaCompliance[priority(to).rawValue, default: [:]][clock] = counts
            }
            // Backlog at the window's end.
            if opening.at < to, isActive(events, at: to) {
                let days = max(0, asOf.timeIntervalSince(opening.at)) / 86_400
                let bucket =
                    days < 1 ? "<1d" : days < 3 ? "1-3d" : days < 7 ? "3-7d" : days < 30 ? "7-30d" : ">30d"
                report.backlogByAge[bucket, default: 0] += 1
            }
        }
        // Repeated incidents: a ticket from the same requester, same category, within 30 days before.
        let byRequester = Dictionary(grouping: created.filter { !$0.requester.isEmpty }, by: \.requester)
        for tickets in byRequester.values {
            for ticket in tickets where inWindow(ticket.at) {
                if tickets.contains(where: {
                    $0.id != ticket.id && $0.category == ticket.category && $0.at <= ticket.at
                        && ticket.at.timeIntervalSince($0.at) <= 30 * 86_400 && $0.id < ticket.id
                }) {
                    report.repeatedIncidents += 1
                }
            }
        }
        report.mttrMinutes = Self.durations(minutes, business: business)
        report.firstContactResolutionRate =
            report.ticketsResolved > 0 ? Double(firstContact) / Double(report.ticketsResolved) : nil
        report.satisfaction.count = ratings.count
        report.satisfaction.average = ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)
        report.satisfaction.responseRate =
            report.ticketsResolved > 0 ? Double(ratings.count) / Double(report.ticketsResolved) : nil
        return report
    }

    /// Whether a ticket is new, open or pending at `date` (its last status change before it).
    func isActive(_ events: [TicketEvent], at date: Date) -> Bool {
        let status = events.last { $0.kind == .status && $0.at < date }?.to ?? "new"
        return TicketStatus(rawValue: status)?.isActive ?? false
    }

    /// Mean, median (the middle, or the mean of the two middles) and p90 (nearest rank).
    static func durations(_ values: [Double], business: [Double]) -> HelpDeskReport.Durations {
        guard !values.isEmpty else { return HelpDeskReport.Durations() }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        let rank = Int((0.9 * Double(sorted.count)).rounded(.up)) - 1
        return HelpDeskReport.Durations(
            mean: values.reduce(0, +) / Double(values.count), median: median, p90: sorted[max(0, rank)],
            businessMean: business.isEmpty ? nil : business.reduce(0, +) / Double(business.count))
    }
}
