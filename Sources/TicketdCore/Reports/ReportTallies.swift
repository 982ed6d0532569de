import Foundation

/// What the store counts for a report window `[from, to)` out of the event trail (grouped, not
/// per event), before `ReportCalculator` turns it into figures. Times are milliseconds since
/// 1970. Incident figures leave problems out; `problems` lists them.
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

    /// Tickets opened in the window by category at its end (nil: none) and quarter hour
    /// (`created_at / 900_000`), with how many of them were repeated incidents.
    public struct Opened: Sendable, Equatable {
        public var category: String?
        public var quarterHour: Int64
        public var count: Int
        public var repeated: Int

        public init(category: String?, quarterHour: Int64, count: Int, repeated: Int) {
            self.category = category
            self.quarterHour = quarterHour
            self.count = count
            self.repeated = repeated
        }
    }

    public var opened: [Opened] = []
    /// First resolutions in the window by the priority they had then.
    public var resolutions: [Priority: [Span]] = [:]
    /// Of those, how many were first-contact resolutions.
    public var firstContact = 0
    /// Of those, whom each is credited to.
    public var resolvedBy: [String: Int] = [:]
    /// Priority at the window's end → clock → counts, for every clock the trail knows.
    public var compliance: [Priority: [String: HelpDeskReport.Compliance]] = [:]
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

    public init() {}
}
