/// How urgent a ticket is; the SLA policy is chosen by it.
public enum Priority: String, Sendable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low

    /// Lower rank is more urgent.
    public var rank: Int {
        switch self {
        case .critical: 0
        case .high: 1
        case .medium: 2
        case .low: 3
        }
    }

    /// One step more urgent (critical stays critical), as for VIP requesters.
    public var raised: Priority { Self.allCases[max(rank - 1, 0)] }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
