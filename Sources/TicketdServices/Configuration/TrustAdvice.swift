/// What the `trust:` settings prove, and the warnings about them: printed by `config check` and
/// logged at every start (README "Trust").
public struct TrustAdvice: Sendable {
    /// One line on how analysts prove who they are with these settings.
    public let proof: String
    /// Each a sentence naming its key.
    public let warnings: [String]

    public init(_ configuration: TicketdConfiguration) {
        let trust = configuration.trust
        let withAuthID = configuration.analysts.filter { $0.authID != nil }.count
        var ways = ["a reply token in answers to the help desk's mail (on that ticket)"]
        if withAuthID > 0 { ways.append("smtp.auth for the \(withAuthID) analysts with an auth_id") }
        if trust.analystDomainExclusive { ways.append("the domain alone (trust.analyst_domain_exclusive)") }
        if trust.plusAddressing {
            ways.append("a new mail to their personal command address (trust.plus_addressing)")
        }
        if trust.unauthenticatedAnalysts {
            proof = "analysts: believed from the From line (trust.unauthenticated_analysts)"
        } else if trust.authservID == nil {
            proof = "analysts: nothing can prove one (trust.authserv_id is not set)"
        } else {
            proof =
                "analysts: a DMARC pass for their domain from \(trust.authservID!) and \(ways.joined(separator: ", or "))"
        }
        var warnings: [String] = []
        if !configuration.analysts.isEmpty, trust.authservID == nil, !trust.unauthenticatedAnalysts {
            warnings.append(
                "trust.authserv_id is not set: no mail can prove that it comes from an analyst, so analysts' mail "
                    + "counts as anyone's, and no requester is verified")
        }
        if trust.unauthenticatedAnalysts {
            warnings.append(
                "trust.unauthenticated_analysts is true: anyone who writes an analyst's address in From counts as "
                    + "that analyst; for test setups only")
        }
        if trust.authservID != nil, trust.secretFile == nil {
            warnings.append(
                "trust is set without trust.secret_file: reply tokens are signed with a key ticketd keeps beside the "
                    + "database (trust.secret); name a file of your own (install.sh makes one) so that it is backed "
                    + "up and every daemon shares it")
        }
        if trust.dkimWithoutDMARC {
            warnings.append(
                "trust.dkim_without_dmarc is true: where the server reports no DMARC result, a DKIM signature of "
                    + "the From domain proves it; DKIM proves the signer, not the person")
        }
        if trust.analystDomainExclusive {
            warnings.append(
                "trust.analyst_domain_exclusive is true: anyone who mails from the analysts' domain with a DMARC pass "
                    + "counts as the analyst it names; keep it only where no one but analysts mails from it")
        }
        if trust.authservID != nil, !trust.analystDomainExclusive, !trust.plusAddressing, withAuthID == 0,
            !configuration.analysts.isEmpty
        {
            warnings.append(
                "no analyst can open a ticket for a user by mail (#for): give analysts an auth_id (smtp.auth), or set "
                    + "trust.plus_addressing where the support mailbox receives support+anything@")
        }
        self.warnings = warnings
    }
}
