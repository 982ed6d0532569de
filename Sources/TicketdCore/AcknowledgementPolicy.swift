/// Whether a new ticket's requester gets an acknowledgement: not when loop rules forbid an
/// automatic reply, not to a sender whose verdict failed (backscatter to a forged address), not
/// past the per-person cap, not past the cap of the sender's bucket in the last hour (then
/// acknowledgements pause). Verified senders have a bucket of their own, so forged or unproven
/// mail cannot spend the acknowledgements a verified sender needs. Pure: the counts come from
/// the store.
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
    /// Which global count an acknowledgement spends.
    public enum Bucket: Sendable, Equatable {
        case verified, unverified
    }

    public var perHourTotal: Int
    public var perHourVerified: Int

    public init(perPerson: Int, window: String, perHourTotal: Int, perHourVerified: Int) {
        self.perPerson = perPerson
        self.window = window
        self.perHourTotal = perHourTotal
        self.perHourVerified = perHourVerified
    }

    /// The verdict for one acknowledgement to `person` (canonical address) whose mail has the
    /// sender verdict `sender`; `sentInLastHour` counts the bucket `sender` spends from.
    public func decide(
        loopSuppression: String?, sender: SenderVerdict, person: String, sentToPerson: Int, sentInLastHour: Int
    ) -> Verdict {
        if let loopSuppression { return .suppress(reason: loopSuppression) }
        if sender.isFailed { return .suppress(reason: "unverified sender (\(sender.reason)): no acknowledgement") }
        if sentToPerson >= perPerson {
            return .suppress(reason: "auto_reply_limit reached (\(perPerson) per \(window)) for \(person)")
        }
        if sender.isVerified, sentInLastHour >= perHourVerified {
            return .pause(
                reason: "auto_reply_limit.per_hour_verified reached (\(perHourVerified) in the last hour)")
        }
        if !sender.isVerified, sentInLastHour >= perHourTotal {
            return .pause(reason: "auto_reply_limit.per_hour_total reached (\(perHourTotal) in the last hour)")
        }
        return .send
    }
}
