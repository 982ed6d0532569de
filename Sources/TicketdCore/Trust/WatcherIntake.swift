/// Who of a new mail's To and Cc becomes a watcher: nobody from a mail whose sender verdict
/// failed (a forged mail with the attacker in Cc would get the analyst's answer), at most
/// `maxFromOneMail` from any other (one mail with 3,000 addresses in Cc made 1,990 watchers).
public enum WatcherIntake {
    /// The most watchers one mail adds.
    public static let maxFromOneMail = 20

    /// The watchers taken, and how many named addresses were left out.
    public struct Outcome: Sendable, Equatable {
        public var accepted: [String]
        public var left: Int

        /// For the trail: why addresses were left out.
        public func explanation(verdict: SenderVerdict) -> String {
            if verdict.isFailed {
                return "unverified sender (\(verdict.reason)): \(left) addresses in To/Cc were not made watchers,"
                    + " and the mail is not acknowledged"
            }
            return "\(left) addresses in To/Cc past the first \(WatcherIntake.maxFromOneMail) were not made watchers"
        }
    }

    /// The watchers from the addresses a mail names (in order), without `excluding` (our own
    /// addresses, the requester), each person once.
    public static func watchers(
        named addresses: [String], verdict: SenderVerdict, excluding: Set<String>
    )
        -> Outcome
    {
        let excludedKeys = Set(excluding.map(CanonicalAddress.key))
        var seen: Set<String> = []
        var candidates: [String] = []
        for address in addresses {
            let key = CanonicalAddress.key(address)
            guard !excludedKeys.contains(key), seen.insert(key).inserted else { continue }
            candidates.append(address)
        }
        if verdict.isFailed { return Outcome(accepted: [], left: candidates.count) }
        return Outcome(
            accepted: Array(candidates.prefix(maxFromOneMail)), left: max(0, candidates.count - maxFromOneMail))
    }
}
