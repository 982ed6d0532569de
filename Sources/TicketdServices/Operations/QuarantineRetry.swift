import Foundation
import TicketdStore

/// `ticketd quarantine retry N`: runs a held mail through the intake again (after a fix to
/// the configuration or to ticketd), from the raw bytes kept in the database.
public struct QuarantineRetry: Sendable {
    public let store: TicketStore
    public let intake: MailIntake

    public init(store: TicketStore, intake: MailIntake) {
        self.store = store
        self.intake = intake
    }

    /// The outcome of the retry; a mail that still fails keeps its entry with the new reason.
    public func retry(_ id: Int64, at now: Date) throws -> MailIntake.Outcome {
        try store.write { session in
            guard let (entry, raw) = try session.quarantineEntry(id) else {
                throw OperationError(.notFound, "no quarantined mail #\(id)")
            }
            if entry.reason.hasPrefix(MailIntake.oversizeReason) {
                throw OperationError(
                    .invalid,
                    "quarantined mail #\(id) was too large to fetch and only its header is kept: move it from the "
                        + "quarantine folder back to the inbox after raising max_message_size")
            }
            if entry.ticketID != nil {
                throw OperationError(
                    .invalid, "quarantined mail #\(id) was already released to ticket #\(entry.ticketID!)")
            }
            // Release the entry first so the intake does not take the mail for a duplicate of itself.
            try session.markQuarantineRetried(id, ticketID: -1, reason: nil, at: now)
            let outcome = try intake.handle(
                raw, from: MailIntake.Source(mailbox: entry.mailbox, uid: entry.uid, arrivedAt: entry.arrivedAt),
                at: now, openingAutomaticReplies: true, in: session)
            switch outcome {
            case .created(let ticketID), .threaded(let ticketID), .bounce(let ticketID):
                try session.markQuarantineRetried(id, ticketID: ticketID, reason: nil, at: now)
            case .duplicate:
                try session.markQuarantineRetried(
                    id, ticketID: nil, reason: "retry: already stored (duplicate)", at: now)
            case .quarantined(let reason):
                // The intake made a fresh entry; keep only that one.
                try session.markQuarantineRetried(id, ticketID: nil, reason: "retried: \(reason)", at: now)
                try session.deleteQuarantineEntry(id)
            }
            return outcome
        }
    }
}
