/// Decides whether a mail from an analyst's address is the analyst's (ARCHITECTURE "Trust").
/// The sender verdict must pass, and that proves the domain only (every nurse mails from the
/// analysts' domain), so the mailbox needs proof of its own: a reply token minted for the analyst
/// (valid on its own ticket), a mail to the analyst's personal command address (valid for a new
/// mail), the trusted server's `smtp.auth` naming the analyst's `auth_id`, or
/// the domain alone where `trust.analyst_domain_exclusive` says only analysts mail from it.
public struct AnalystTrust: Sendable {
    /// What a mail's sender is, for the rules that give analysts more.
    public enum Verdict: Sendable, Equatable {
        /// The From is no analyst's address.
        case notAnAnalyst
        /// The analyst, proven (or trusted because the check is off for a test setup); with
        /// `onlyOn`, the proof holds for mail on those tickets alone (a reply token's tickets).
        case analyst(proof: String, onlyOn: Set<Int64>? = nil)
        /// An analyst's address without proof: treated like anyone's mail.
        case unproven(reason: String)
    }

    /// Canonical analyst address → `auth_id` (the name the MX authenticates them as), if any.
    public let analysts: [String: String?]
    /// `trust.unauthenticated_analysts`: believe the From header (test setups only).
    public let believeFromHeader: Bool
    /// `trust.analyst_domain_exclusive`: nobody but analysts mails from the analysts' domains.
    public let domainExclusive: Bool

    public init(
        analysts: some Sequence<(email: String, authID: String?)>, believeFromHeader: Bool, domainExclusive: Bool
    ) {
        var table: [String: String?] = [:]
        for analyst in analysts {
            table.updateValue(analyst.authID?.lowercased(), forKey: CanonicalAddress.key(analyst.email))
        }
        self.analysts = table
        self.believeFromHeader = believeFromHeader
        self.domainExclusive = domainExclusive
    }

    /// In `onlyOn`: the proof holds for a mail that opens a new ticket (a personal command address).
    public static let newMail: Int64 = 0

    /// The verdict for a mail from `email` with sender verdict `sender`, whose thread fields hold
    /// reply tokens minted for this address on `tokenTickets`, and which was sent to the
    /// analyst's personal command address when `commandAddress`.
    public func verdict(
        from email: String, sender: SenderVerdict, tokenTickets: Set<Int64>, commandAddress: Bool = false
    ) -> Verdict {
        guard let authID = analysts[CanonicalAddress.key(email)] else { return .notAnAnalyst }
        guard CanonicalAddress.isStable(email) else {
            return .unproven(reason: "\(email) changes under NFKC: it imitates an analyst's address")
        }
        if believeFromHeader { return .analyst(proof: "trust.unauthenticated_analysts") }
        guard sender.isVerified else { return .unproven(reason: "the sender is not verified: \(sender.reason)") }
        // Without an auth_id, a submission authenticated as the analyst's own address counts.
        if let authenticated = sender.authenticatedAs?.lowercased(),
            authID.map({ authenticated == $0 }) ?? (CanonicalAddress.key(authenticated) == CanonicalAddress.key(email))
        {
            return .analyst(proof: "\(sender.reason); smtp.auth=\(authenticated)")
        }
        if domainExclusive { return .analyst(proof: "\(sender.reason); trust.analyst_domain_exclusive") }
        if !tokenTickets.isEmpty || commandAddress {
            let proofs = [
                tokenTickets.isEmpty ? nil : "reply token", commandAddress ? "personal command address" : nil,
            ]
            return .analyst(
                proof: "\(sender.reason); " + proofs.compactMap { $0 }.joined(separator: ", "),
                onlyOn: tokenTickets.union(commandAddress ? [Self.newMail] : []))
        }
        return .unproven(
            reason:
                "\(sender.reason) proves the domain, not the mailbox: no reply token from a mail of the help desk, no smtp.auth naming the analyst"
        )
    }
}
