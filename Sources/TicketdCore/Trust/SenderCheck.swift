import TicketdMIME

/// Decides a mail's `SenderVerdict` (RFC 8601, RFC 7489): only the topmost
/// `Authentication-Results` field added by our `authserv_id` counts, and only when it stands
/// above every field the sender wrote (the receiving server prepends its field; anything the
/// sender wrote, a forged result or a second From included, stands below it). In that field
/// `dmarc` decides: a pass for the From domain proves it, any other DMARC result vetoes. DKIM
/// alone counts only where the field holds no DMARC result and `trust.dkim_without_dmarc` allows
/// it. A mail with more than one From, Sender or Subject field, or a From naming several
/// mailboxes or none, proves nothing: DKIM signs the last From and DMARC reads one domain, so
/// such a mail can carry a pass for a sender it does not show. Sender is never identity.
public struct SenderCheck: Sendable {
    /// Our receiving server's authserv-id, lower case; nil: nothing can be proven.
    public let authservID: String?
    /// `trust.dkim_without_dmarc`.
    public let dkimWithoutDMARC: Bool

    public init(authservID: String?, dkimWithoutDMARC: Bool) {
        self.authservID = authservID?.lowercased()
        self.dkimWithoutDMARC = dkimWithoutDMARC
    }

    /// The fields a sender writes (RFC 5322 §3.6, RFC 2045, RFC 3834, RFC 2369): one of them above
    /// the trusted field means the field was not added above the sender's mail.
    static let senderFields: Set<String> = [
        "from", "sender", "reply-to", "to", "cc", "bcc", "message-id", "in-reply-to", "references", "subject",
        "comments", "keywords", "date", "mime-version", "content-type", "content-transfer-encoding",
        "content-disposition", "auto-submitted", "precedence", "list-id", "list-unsubscribe", "x-mailer",
        "user-agent", "dkim-signature", "x-autoreply", "x-autorespond", "importance", "x-priority",
    ]

    /// The verdict for a mail with these header fields (top to bottom, as they stand).
    public func verdict(_ headers: MessageHeaders) -> SenderVerdict {
        var counts: [String: Int] = [:]
        var trustedIndex: Int?
        var trusted: AuthenticationResults?
        for (index, field) in headers.fields.enumerated() {
            let key = field.name.lowercased()
            if key == "from" || key == "sender" || key == "subject" { counts[key, default: 0] += 1 }
            if trusted == nil, key == "authentication-results", let authservID,
                let parsed = AuthenticationResults.parse(field.rawValue), parsed.authservID == authservID
            {
                trusted = parsed
                trustedIndex = index
            }
        }
        for name in ["from", "sender", "subject"] where counts[name, default: 0] > 1 {
            return SenderVerdict(.fail, reason: "\(counts[name]!) \(Self.displayName(name)) fields")
        }
        let mailboxes = AddressList.parse(headers.raw("From") ?? "")
        guard mailboxes.count == 1, let from = mailboxes.first, from.email.contains("@") else {
            return SenderVerdict(
                .fail, reason: mailboxes.isEmpty ? "From names no mailbox" : "From names \(mailboxes.count) mailboxes")
        }
        let domain = from.domain
        guard let authservID else { return SenderVerdict(.none, reason: "trust.authserv_id is not set") }
        guard let trusted, let trustedIndex else {
            return SenderVerdict(.none, reason: "no Authentication-Results from \(authservID)")
        }
        if let above = headers.fields[..<trustedIndex].first(where: {
            Self.senderFields.contains($0.name.lowercased())
        }) {
            return SenderVerdict(
                .fail, reason: "\(above.name) stands above the Authentication-Results of \(authservID)")
        }
        let authenticatedAs = trusted.results.first {
            $0.method == "auth" && $0.result == "pass" && $0.properties["smtp.auth"] != nil
        }?.properties["smtp.auth"]
        let dmarc = trusted.results.filter { $0.method == "dmarc" }
        if !dmarc.isEmpty {
            if let other = dmarc.first(where: { $0.result != "pass" }) {
                // No policy, or a lookup that failed for now, disproves nothing; anything else vetoes.
                let outcome: SenderVerdict.Outcome = ["none", "temperror"].contains(other.result) ? .none : .fail
                return SenderVerdict(
                    outcome, reason: "dmarc=\(other.result) header.from=\(domain)", authenticatedAs: authenticatedAs)
            }
            if let foreign = dmarc.first(where: { $0.properties["header.from"]?.lowercased() != domain }) {
                return SenderVerdict(
                    .fail,
                    reason:
                        "dmarc=pass for header.from=\(foreign.properties["header.from"] ?? "nothing"), not \(domain)",
                    authenticatedAs: authenticatedAs)
            }
            return SenderVerdict(.pass, reason: "dmarc=pass header.from=\(domain)", authenticatedAs: authenticatedAs)
        }
        if dkimWithoutDMARC,
            trusted.results.contains(where: {
                $0.method == "dkim" && $0.result == "pass" && $0.properties["header.d"]?.lowercased() == domain
            })
        {
            return SenderVerdict(
                .pass, reason: "dkim=pass header.d=\(domain) (no DMARC result)", authenticatedAs: authenticatedAs)
        }
        return SenderVerdict(
            .none, reason: "\(authservID) reports no DMARC result for \(domain)", authenticatedAs: authenticatedAs)
    }

    private static func displayName(_ key: String) -> String {
        switch key {
        case "from": "From"
        case "sender": "Sender"
        default: "Subject"
        }
    }
}
