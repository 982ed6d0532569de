/// What a mail proves about its sender (ARCHITECTURE "Trust"): one verdict per mail, decided by
/// `SenderCheck` from the receiving server's `Authentication-Results`, recorded on the message,
/// shown to analysts, and read by every rule that gives a sender more than a ticket.
public struct SenderVerdict: Sendable, Equatable {
    /// `pass`: the From domain is proven. `fail`: the mail is forged or cannot be believed (a
    /// DMARC failure, two From fields). `none`: nothing proves or disproves it (no trusted field,
    /// a domain without a DMARC policy).
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case pass, fail, none
    }

    public var outcome: Outcome
    /// Why, in words an analyst can check against the mail (`dmarc=fail header.from=clinic.example`).
    public var reason: String
    /// The name the trusted server authenticated the submission as (`auth=pass smtp.auth=carol`),
    /// read only from the trusted field and only when it says pass.
    public var authenticatedAs: String?

    public init(_ outcome: Outcome, reason: String, authenticatedAs: String? = nil) {
        self.outcome = outcome
        self.reason = reason
        self.authenticatedAs = authenticatedAs
    }

    /// The From domain is proven.
    public var isVerified: Bool { outcome == .pass }
    /// The mail failed its check: it opens or joins a ticket and does nothing more.
    public var isFailed: Bool { outcome == .fail }

    /// How the sender is shown to analysts in notices and relays.
    public var label: String {
        switch outcome {
        case .pass: "verified sender"
        case .fail: "unverified sender (\(reason))"
        case .none: "sender not verified (\(reason))"
        }
    }
}
