import Foundation
import TicketdCore
import TicketdStore

/// `ticketd status`: is the help desk healthy?
public struct StatusReport: Sendable, Codable, Equatable {
    public var lastPoll: String?
    public var lastError: String?
    public var outboxDepth: Int
    public var oldestUnsent: Date?
    public var outboxFailed: Int
    public var nextSLADue: Date?
    public var openByPriority: [String: Int]
    public var quarantined: Int

    enum CodingKeys: String, CodingKey {
        case lastPoll = "last_poll"
        case lastError = "last_error"
        case outboxDepth = "outbox_depth"
        case oldestUnsent = "oldest_unsent"
        case outboxFailed = "outbox_failed"
        case nextSLADue = "next_sla_due"
        case openByPriority = "open_by_priority"
        case quarantined
    }

    public static func read(from store: TicketStore) throws -> StatusReport {
        try store.read { session in
            let outbox = try session.outboxSummary()
            let counts = try session.openTicketCounts()
            return StatusReport(
                lastPoll: try session.state("last_poll"), lastError: try session.state("last_error"),
                outboxDepth: outbox.unsent, oldestUnsent: outbox.oldestUnsent, outboxFailed: outbox.failed,
                nextSLADue: try session.nextClockDue(),
                openByPriority: Dictionary(
                    uniqueKeysWithValues: Priority.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
                quarantined: try session.quarantineCount())
        }
    }

    public var text: String {
        [
            "last poll:     \(lastPoll ?? "never")",
            "last error:    \(lastError ?? "none")",
            "outbox:        \(outboxDepth) unsent"
                + (oldestUnsent.map { ", oldest since \(JSONOutput.rfc3339($0))" } ?? "")
                + (outboxFailed > 0 ? ", \(outboxFailed) failed permanently" : ""),
            "next SLA due:  \(nextSLADue.map(JSONOutput.rfc3339) ?? "none")",
            "open tickets:  "
                + Priority.allCases.map { "\($0.rawValue)=\(openByPriority[$0.rawValue] ?? 0)" }.joined(separator: " "),
            "quarantined:   \(quarantined)",
        ].joined(separator: "\n")
    }
}
