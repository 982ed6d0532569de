import Foundation
import TicketdMIME

/// RFC 3834 and common practice: when ticketd must not answer a message automatically.
public struct LoopRules: Sendable {
    /// Our own addresses (the support address and its aliases), lowercased.
    public let ownAddresses: Set<String>

    public init(ownAddresses: Set<String>) {
        self.ownAddresses = Set(ownAddresses.map { $0.lowercased() })
    }

    /// Why no automatic reply may go to the sender of `message`, or nil when one may.
    public func suppressionReason(for message: ParsedMessage) -> String? {
        let headers = message.headers
        if let value = headers["Auto-Submitted"]?.lowercased(), !value.isEmpty, !value.hasPrefix("no") {
            return "Auto-Submitted: \(value)"
        }
        if let precedence = headers["Precedence"]?.lowercased(), ["bulk", "list", "junk"].contains(precedence) {
            return "Precedence: \(precedence)"
        }
        if headers.raw("List-Id") != nil { return "List-Id present" }
        if headers.raw("X-Autoreply") != nil || headers.raw("X-Autorespond") != nil {
            return "autoresponder header present"
        }
        if let returnPath = headers.raw("Return-Path"), returnPath.filter({ $0 != " " }) == "<>" {
            return "empty Return-Path"
        }
        if BounceDetector.isBounce(message) { return "delivery failure report" }
        guard let sender = message.from else { return "no sender address" }
        let local = sender.localPart
        if ["mailer-daemon", "postmaster", "no-reply", "noreply", "do-not-reply", "donotreply"].contains(local)
            || local.hasPrefix("no-reply") || local.hasPrefix("noreply")
        {
            return "sender \(sender.email) is a machine address"
        }
        if ownAddresses.contains(sender.email) { return "sender is our own address" }
        return nil
    }

    /// Why a participant's mail is an automatic reply (an out-of-office, a bulk or machine
    /// mail) that is stored as `auto`, relayed to nobody and reopens nothing; nil for a person's mail.
    public func automaticReplyReason(for message: ParsedMessage) -> String? {
        if let reason = suppressionReason(for: message) { return reason }
        let headers = message.headers
        if headers.raw("X-Auto-Response-Suppress") != nil, headers.raw("In-Reply-To") != nil,
            Self.hasAutomaticSubject(message.subject)
        {
            return "automatic reply (Exchange)"
        }
        if Self.hasAutomaticSubject(message.subject) { return "subject \"\(message.subject)\" says it is automatic" }
        return nil
    }

    /// Subjects out-of-office replies begin with, in the common languages.
    static func hasAutomaticSubject(_ subject: String) -> Bool {
        let lowered = subject.lowercased().trimmingCharacters(in: .whitespaces)
        return automaticSubjectPrefixes.contains { lowered.hasPrefix($0) }
    }

    private static let automaticSubjectPrefixes = [
        "automatic reply", "auto reply", "auto-reply", "autoreply", "auto response", "auto-response",
        "out of office", "out of the office", "ooo:", "abwesenheitsnotiz", "automatische antwort",
        "réponse automatique", "reponse automatique", "absence du bureau", "respuesta automática",
        "respuesta automatica", "fuera de la oficina", "automatisch antwoord", "afwezig", "risposta automatica",
        "resposta automática", "autosvar", "automaattinen vastaus",
    ]
}
