import Foundation

/// The figures a desk is judged by, for one window, computed from the typed event trail only
/// (`ReportCalculator`). The README defines each figure; the JSON keys are the contract.
public struct HelpDeskReport: Sendable, Equatable, Codable {
    public struct Durations: Sendable, Equatable, Codable {
        public var mean: Double?
        public var median: Double?
        public var p90: Double?
        public var businessMean: Double?

        enum CodingKeys: String, CodingKey {
            case mean, median, p90
            case businessMean = "business_mean"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(mean, forKey: .mean)  // null, not absent
            try container.encode(median, forKey: .median)
            try container.encode(p90, forKey: .p90)
            try container.encode(businessMean, forKey: .businessMean)
        }
    }

    public struct Compliance: Sendable, Equatable, Codable {
        public var met = 0
        public var breached = 0
        public var running = 0

        public init(met: Int = 0, breached: Int = 0, running: Int = 0) {
            self.met = met
            self.breached = breached
            self.running = running
        }
    }

    public struct Satisfaction: Sendable, Equatable, Codable {
        public var average: Double?
        public var count = 0
        public var responseRate: Double?

        enum CodingKeys: String, CodingKey {
            case average, count
            case responseRate = "response_rate"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(average, forKey: .average)  // null, not absent
            try container.encode(count, forKey: .count)
            try container.encode(responseRate, forKey: .responseRate)
        }
    }

    /// A problem opened in the window and the incidents linked to it now.
    public struct Problem: Sendable, Equatable, Codable {
        public var id: Int64
        public var title: String
        public var children: Int

        public init(id: Int64, title: String, children: Int) {
            self.id = id
            self.title = title
            self.children = children
        }
    }

    public var from: Date
    public var to: Date
    public var ticketsCreated = 0
    public var ticketsResolved = 0
    public var mttrMinutes = Durations()
    public var firstContactResolutionRate: Double?
    /// Priority at resolution → mean minutes to resolution.
    public var mttrByPriority: [String: Double] = [:]
    /// Priority → clock (`first_response`, `resolution`) → counts.
    public var slaCompliance: [String: [String: Compliance]] = [:]
    public var closedByAnalyst: [String: Int] = [:]
    public var reassignments = 0
    /// Analyst a ticket was taken from → reassignments.
    public var reassignedByAnalyst: [String: Int] = [:]
    /// Tier reached → escalations into it.
    public var escalations: [String: Int] = [:]
    public var volumeByCategory: [String: Int] = [:]
    /// ISO week (`2026-W48`) → tickets created.
    public var volumeByWeek: [String: Int] = [:]
    public var repeatedIncidents = 0
    /// Age bucket → tickets open at the window's end.
    public var backlogByAge: [String: Int] = [:]
    public var selfServiceResolutions = 0
    public var satisfaction = Satisfaction()
    public var problems: [Problem] = []

    enum CodingKeys: String, CodingKey {
        case from, to
        case ticketsCreated = "tickets_created"
        case ticketsResolved = "tickets_resolved"
        case mttrMinutes = "mttr_minutes"
        case firstContactResolutionRate = "first_contact_resolution_rate"
        case mttrByPriority = "mttr_by_priority"
        case reassignedByAnalyst = "reassigned_by_analyst"
        case slaCompliance = "sla_compliance"
        case closedByAnalyst = "closed_by_analyst"
        case reassignments, escalations
        case volumeByCategory = "volume_by_category"
        case volumeByWeek = "volume_by_week"
        case repeatedIncidents = "repeated_incidents"
        case backlogByAge = "backlog_by_age"
        case selfServiceResolutions = "self_service_resolutions"
        case satisfaction, problems
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(ticketsCreated, forKey: .ticketsCreated)
        try container.encode(ticketsResolved, forKey: .ticketsResolved)
        try container.encode(mttrMinutes, forKey: .mttrMinutes)
        try container.encode(firstContactResolutionRate, forKey: .firstContactResolutionRate)  // null, not absent
        try container.encode(mttrByPriority, forKey: .mttrByPriority)
        try container.encode(slaCompliance, forKey: .slaCompliance)
        try container.encode(closedByAnalyst, forKey: .closedByAnalyst)
        try container.encode(reassignments, forKey: .reassignments)
        try container.encode(reassignedByAnalyst, forKey: .reassignedByAnalyst)
        try container.encode(escalations, forKey: .escalations)
        try container.encode(volumeByCategory, forKey: .volumeByCategory)
        try container.encode(volumeByWeek, forKey: .volumeByWeek)
        try container.encode(repeatedIncidents, forKey: .repeatedIncidents)
        try container.encode(backlogByAge, forKey: .backlogByAge)
        try container.encode(selfServiceResolutions, forKey: .selfServiceResolutions)
        try container.encode(satisfaction, forKey: .satisfaction)
        try container.encode(problems, forKey: .problems)
    }

    /// The backlog's age buckets, in order.
    public static let ageBuckets = ["<1d", "1-3d", "3-7d", "7-30d", ">30d"]

    /// One row per figure (`figure,key,value`), for CSV.
    public var rows: [(figure: String, key: String, value: String)] {
        func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "" }
        var rows: [(String, String, String)] = [
            ("tickets_created", "", String(ticketsCreated)), ("tickets_resolved", "", String(ticketsResolved)),
            ("mttr_minutes", "mean", number(mttrMinutes.mean)), ("mttr_minutes", "median", number(mttrMinutes.median)),
            ("mttr_minutes", "p90", number(mttrMinutes.p90)),
            ("mttr_minutes", "business_mean", number(mttrMinutes.businessMean)),
            ("first_contact_resolution_rate", "", number(firstContactResolutionRate)),
        ]
        rows += Priority.allCases.compactMap { priority in
            mttrByPriority[priority.rawValue].map { ("mttr_by_priority", priority.rawValue, number($0)) }
        }
        for (priority, clocks) in slaCompliance.sorted(by: { $0.key < $1.key }) {
            for (clock, counts) in clocks.sorted(by: { $0.key < $1.key }) {
                rows += [
                    ("sla_compliance", "\(priority).\(clock).met", String(counts.met)),
                    ("sla_compliance", "\(priority).\(clock).breached", String(counts.breached)),
                    ("sla_compliance", "\(priority).\(clock).running", String(counts.running)),
                ]
            }
        }
        rows += closedByAnalyst.sorted { $0.key < $1.key }.map { ("closed_by_analyst", $0.key, String($0.value)) }
        rows.append(("reassignments", "", String(reassignments)))
        rows += reassignedByAnalyst.sorted { $0.key < $1.key }.map {
            ("reassigned_by_analyst", $0.key, String($0.value))
        }
        rows += escalations.sorted { $0.key < $1.key }.map { ("escalations", "tier \($0.key)", String($0.value)) }
        rows += volumeByCategory.sorted { $0.key < $1.key }.map { ("volume_by_category", $0.key, String($0.value)) }
        rows += volumeByWeek.sorted { $0.key < $1.key }.map { ("volume_by_week", $0.key, String($0.value)) }
        rows.append(("repeated_incidents", "", String(repeatedIncidents)))
        rows += Self.ageBuckets.map { ("backlog_by_age", $0, String(backlogByAge[$0] ?? 0)) }
        rows.append(("self_service_resolutions", "", String(selfServiceResolutions)))
        rows += [
            ("satisfaction", "average", number(satisfaction.average)),
            ("satisfaction", "count", String(satisfaction.count)),
            ("satisfaction", "response_rate", number(satisfaction.responseRate)),
        ]
        rows += problems.map { ("problems", "#\($0.id) \($0.title)", String($0.children)) }
        return rows
    }
}
