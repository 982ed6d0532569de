import Foundation
import TicketdMIME

/// The analysts' reply tokens: every mail ticketd sends to an analyst carries a Message-ID
/// minted for that analyst and ticket, `ticketd.<ticket>.<nonce>.r<tag>@<domain>`, whose tag is
/// an HMAC-SHA-256 under `trust.secret_file`'s key. The analyst's client names it in
/// In-Reply-To/References when they answer, which proves the mailbox (a domain's DMARC pass
/// cannot: every nurse mails from the analysts' domain). A token is never shown to anyone else:
/// mail to anyone but its analyst leaves it out of its thread fields.
public struct ReplyToken: Sendable {
    private let key: [UInt8]

    /// A key of at least 16 bytes; nil for a shorter one (no tokens can be minted or checked).
    public init?(key: [UInt8]) {
        guard key.count >= 16 else { return nil }
        self.key = key
    }

    /// The token for `analyst` (any spelling; canonicalised) on ticket `ticketID`; `nonce` is
    /// 16 or more random hex digits from the caller (Core draws no randomness).
    public func mint(ticketID: Int64, analyst: String, nonce: String, domain: String) -> String {
        "ticketd.\(ticketID).\(nonce).r\(tag(ticketID: ticketID, analyst: analyst, nonce: nonce))@\(domain)"
    }

    /// The tickets for which one of `messageIDs` is a token minted for `analyst`.
    public func tickets(in messageIDs: [String], for analyst: String) -> Set<Int64> {
        var tickets: Set<Int64> = []
        for id in messageIDs {
            guard let parts = Self.parts(of: id) else { continue }
            let expected = tag(ticketID: parts.ticketID, analyst: analyst, nonce: parts.nonce)
            if !expected.isEmpty, Self.constantTimeEqual(expected, parts.tag) { tickets.insert(parts.ticketID) }
        }
        return tickets
    }

    /// `analyst`'s personal command address on the support mailbox, `support+c<tag>@domain`
    /// (where the site's server delivers plus-addressed mail to the mailbox): writing to it proves
    /// the mailbox for a new mail (`#for`), as a reply token does for a reply. Nil for a support
    /// address without a local part and a domain.
    public func commandAddress(for analyst: String, support: String) -> String? {
        guard let at = support.lastIndex(of: "@"), at > support.startIndex else { return nil }
        let local = support[..<at].split(separator: "+").first.map(String.init) ?? ""
        return "\(local)+c\(commandTag(analyst: analyst))\(support[at...])"
    }

    /// Whether `address` is `analyst`'s personal command address on `support`.
    public func isCommandAddress(_ address: String, for analyst: String, support: String) -> Bool {
        guard let expected = commandAddress(for: analyst, support: support) else { return false }
        let given = address.lowercased().trimmingCharacters(in: .whitespaces)
        return Self.constantTimeEqual(expected.lowercased(), given)
    }

    private func commandTag(analyst: String) -> String {
        let message = "ticketd-command-address\u{0}\(CanonicalAddress.key(analyst))"
        return String(Digest.hmacSHA256Hex(key: key, message: Array(message.utf8)).prefix(24))
    }

    /// Whether `messageID` has a token's shape (checked without the key: what mail to anyone
    /// but the token's analyst leaves out).
    public static func looksLikeToken(_ messageID: String) -> Bool { parts(of: messageID) != nil }

    private func tag(ticketID: Int64, analyst: String, nonce: String) -> String {
        let message = "ticketd-reply-token\u{0}\(ticketID)\u{0}\(CanonicalAddress.key(analyst))\u{0}\(nonce)"
        return String(Digest.hmacSHA256Hex(key: key, message: Array(message.utf8)).prefix(32))
    }

    private static func parts(of messageID: String) -> (ticketID: Int64, nonce: String, tag: String)? {
        guard let at = messageID.lastIndex(of: "@") else { return nil }
        let local = messageID[..<at].split(separator: ".", omittingEmptySubsequences: false)
        guard local.count == 4, local[0] == "ticketd", let ticketID = Int64(local[1]), local[2].count >= 16,
            local[3].count == 33, local[3].first == "r"
        else { return nil }
        return (ticketID, String(local[2]), String(local[3].dropFirst()))
    }

    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
