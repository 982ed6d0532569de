import Foundation
import Logging
import TicketdCore
import TicketdMail
import TicketdStore

/// Sends the outbox's due mail over one SMTP connection. A row is marked sent only after the
/// server's 250; a temporary failure backs off exponentially with jitter; a permanent one (5xx)
/// is recorded on the ticket and never retried.
public struct OutboxSender: Sendable {
    /// What one pass achieved.
    public struct Result: Sendable, Equatable {
        public var sent = 0
        public var failed = 0
        public var deferred = 0
        /// Set when the server could not be reached at all: the pass stopped early.
        public var serverError: String?
    }

    public let store: TicketStore
    public let endpoint: MailServerEndpoint
    public var batchSize = 500
    /// How long a mail waits after a temporary failure (per attempt).
    public var backoff = Backoff(base: 30, cap: 3600)

    public init(store: TicketStore, endpoint: MailServerEndpoint) {
        self.store = store
        self.endpoint = endpoint
    }

    /// How many 250s may wait for their "sent" mark, and for how long. Marks commit together
    /// (each commit is an fsync); a crash before a commit resends those mails with their same
    /// Message-IDs, which is the one resend ARCHITECTURE.md allows.
    public var marksPerCommit = 10
    public var secondsPerCommit: TimeInterval = 0.05

    /// Sends everything due at `now`, up to `limit` rows, over `connection` (opened when nil,
    /// dropped after a failure, kept otherwise so the next pass reuses it). Stops early when
    /// `stop` is set, after the mail in hand.
    public func sendDue(
        at now: Date, connection sender: inout SMTPSender?, limit: Int = .max, stop: StopFlag? = nil, logger: Logger
    ) throws(StoreError) -> Result {
        var result = Result()
        var sentIDs: [Int64] = []
        var lastCommit = Date()
        func commitMarks() throws(StoreError) {
            guard !sentIDs.isEmpty else { return }
            try store.write { session in
                for id in sentIDs { try session.markSent(id, at: now) }
            }
            sentIDs.removeAll(keepingCapacity: true)
            lastCommit = Date()
        }
        var remaining = limit
        while remaining > 0 {
            let due = try store.read { try $0.dueOutbox(at: now, limit: min(batchSize, remaining)) }
            if due.isEmpty { break }
            remaining -= due.count
            for item in due {
                if stop?.isSet == true {
                    try commitMarks()
                    return result
                }
                do {
                    if sender == nil { sender = try SMTPSender(endpoint: endpoint) }
                    try sender!.send(item.raw, from: item.envelopeFrom, to: item.recipients)
                    sentIDs.append(item.id)
                    result.sent += 1
                    if sentIDs.count >= marksPerCommit || Date().timeIntervalSince(lastCommit) >= secondsPerCommit {
                        try commitMarks()
                    }
                } catch let error as MailError {
                    try commitMarks()
                    if error.code == .permanentRejection {
                        try store.write { session in
                            try session.markFailed(item.id, error: error.message, at: now)
                            if let ticketID = item.ticketID {
                                try session.addEvent(
                                    TicketEvent(
                                        .deliveryFailed, at: now,
                                        detail:
                                            "\(item.kind) to \(item.recipients.joined(separator: ", ")): \(error.message)",
                                        messageID: item.messageID), toTicket: ticketID)
                            }
                        }
                        logger.warning(
                            "mail permanently rejected",
                            metadata: [
                                "outbox.id": "\(item.id)", "ticket.id": "\(item.ticketID ?? 0)", "error": "\(error)",
                            ])
                        result.failed += 1
                        continue
                    }
                    let delay = backoff.delay(afterFailures: item.attempts + 1)
                    try store.write {
                        try $0.markRetry(item.id, error: error.message, nextAttempt: now.addingTimeInterval(delay))
                    }
                    result.deferred += 1
                    sender = nil  // a fresh connection for the next mail
                    if error.code == .unreachable || error.code == .authentication || error.code == .tls {
                        // The server as a whole is unavailable: stop this pass, keep the rest queued.
                        result.serverError = error.message
                        return result
                    }
                } catch let error as StoreError {
                    throw error
                } catch {
                    throw StoreError(.failed, "unexpected error while sending: \(error)")
                }
            }
            try commitMarks()
        }
        try commitMarks()
        return result
    }
}
