/// Whether a new ticket's requester gets an acknowledgement: not when loop rules forbid an
/// automatic reply, not past the per-person cap, not past the cap for everyone together in the
/// last hour (then acknowledgements pause). Pure: the counts come from the store.
public struct AcknowledgementPolicy: Sendable, Equatable {
    /// What to do with one acknowledgement.
    public enum Verdict: Sendable, Equatable {
        case send
        /// Not sent, and why (recorded on the ticket).
        case suppress(reason: String)
        /// Not sent because the global cap is reached: a pause worth a warning.
        case pause(reason: String)
    }

    public var perPerson: Int
    /// How the per-person window reads (`1h`), for the reason.
    public var window: String
    public var perHourTotal: Int

    public init(perPerson: Int, window: String, perHourTotal: Int) {
        self.perPerson = perPerson
        self.window = window
        self.perHourTotal = perHourTotal
    }

    /// The verdict for one acknowledgement to `person` (canonical address).
    public func decide(loopSuppression: String?, person: String, sentToPerson: Int, sentInLastHour: Int) -> Verdict {
        if let loopSuppression { return .suppress(reason: loopSuppression) }
        if sentToPerson >= perPerson {
            return .suppress(reason: "auto_reply_limit reached (\(perPerson) per \(window)) for \(person)")
        }
        if sentInLastHour >= perHourTotal {
            return .pause(reason: "auto_reply_limit.per_hour_total reached (\(perHourTotal) in the last hour)")
        }
        return .send
    }
}
