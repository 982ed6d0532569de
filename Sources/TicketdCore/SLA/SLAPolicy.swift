/// One priority's service levels (`sla.<priority>` in the configuration).
public struct SLAPolicy: Sendable, Equatable {
    public var firstResponseMinutes: Int?
    public var resolutionMinutes: Int?
    /// The calendar the targets count in (`24x7` built in).
    public var calendar: String
    /// The share of a target at which the warning goes out.
    public var warnAt: Double
    /// Escalation levels in order: `assignee`, `lead`, `on_duty` or a group name.
    public var escalateTo: [String]
    /// Spacing between escalation levels after a breach; nil fires all levels at the breach.
    public var escalateEverySeconds: Int?
    public var pauseWhenPending: Bool

    public init(
        firstResponseMinutes: Int?, resolutionMinutes: Int?, calendar: String = "24x7", warnAt: Double = 0.8,
        escalateTo: [String] = [], escalateEverySeconds: Int? = nil, pauseWhenPending: Bool = true
    ) {
        self.firstResponseMinutes = firstResponseMinutes
        self.resolutionMinutes = resolutionMinutes
        self.calendar = calendar
        self.warnAt = warnAt
        self.escalateTo = escalateTo
        self.escalateEverySeconds = escalateEverySeconds
        self.pauseWhenPending = pauseWhenPending
    }
}
