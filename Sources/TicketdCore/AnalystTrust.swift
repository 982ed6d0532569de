import TicketdMIME

/// Decides whether a mail from an analyst's address is the analyst's (ARCHITECTURE "Trust"):
/// the topmost `Authentication-Results` field added by our own `authserv_id` must show
/// `dmarc=pass` for the From domain, or `dkim=pass` with `header.d` equal to it (RFC 8601).
/// Fields added by anyone else — the sender can write any header — are ignored.
public struct AnalystTrust: Sendable {
    /// What a mail's sender is, for the rules that give analysts more.
    public enum Verdict: Sendable, Equatable {
        /// The From is no analyst's address.
        case notAnAnalyst
        /// The analyst, proven (or trusted because the check is off for a test setup).
        case analyst(proof: String)
        /// An analyst's address without proof: treated like anyone's mail.
        case unproven(reason: String)
    }

    /// Canonical analyst addresses.
    public let analystAddresses: Set<String>
    /// Our receiving server's authserv-id, lower case; nil means nothing can be proven.
    public let authservID: String?
    /// `trust.unauthenticated_analysts`: believe the From header (test setups only).
    public let believeFromHeader: Bool

    public init(analystAddresses: some Sequence<String>, authservID: String?, believeFromHeader: Bool) {
        self.analystAddresses = Set(analystAddresses.map(CanonicalAddress.key))
        self.authservID = authservID?.lowercased()
        self.believeFromHeader = believeFromHeader
    }

    /// The verdict for a mail from `from` carrying these `Authentication-Results` values (raw,
    /// top to bottom as they stand in the header).
    public func verdict(from email: String, authenticationResults: [String]) -> Verdict {
        guard analystAddresses.contains(CanonicalAddress.key(email)) else { return .notAnAnalyst }
        guard CanonicalAddress.isStable(email) else {
            return .unproven(reason: "\(email) changes under NFKC: it imitates an analyst's address")
        }
        if believeFromHeader { return .analyst(proof: "trust.unauthenticated_analysts") }
        guard let authservID else {
            return .unproven(reason: "trust.authserv_id is not set, so no mail can prove an analyst")
        }
        guard
            let results = authenticationResults.lazy.compactMap(AuthenticationResults.parse)
                .first(where: { $0.authservID == authservID })
        else {
            return .unproven(reason: "no Authentication-Results from \(authservID)")
        }
        let domain = email.split(separator: "@").last.map { $0.lowercased() } ?? ""
        for result in results.results where result.result == "pass" {
            if result.method == "dmarc", result.properties["header.from"]?.lowercased() == domain {
                return .analyst(proof: "dmarc=pass header.from=\(domain)")
            }
            if result.method == "dkim", result.properties["header.d"]?.lowercased() == domain {
                return .analyst(proof: "dkim=pass header.d=\(domain)")
            }
        }
        return .unproven(reason: "\(authservID) shows no dmarc or dkim pass for \(domain)")
    }
}
