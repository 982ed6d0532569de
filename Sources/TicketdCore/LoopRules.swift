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
        if let precedence = headers["Precedence"]?.lowercased(),
            ["bulk", "list", "junk", "auto_reply", "auto-reply"].contains(precedence)
        {
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
        if Self.hasFailureNoticeSubject(message.subject) {
            return "subject \"\(message.subject)\" is a delivery failure notice's"
        }
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

    /// Why `message` is an automatic *reply* (an out-of-office, a vacation notice, a failure
    /// notice), which opens no ticket when it belongs to none: it answers mail, so there is
    /// nothing to work on, and a ticket would send an "assigned to you" notice about it. Machine
    /// mail that reports something (`Auto-Submitted: auto-generated` monitoring alerts) still
    /// opens one. Nil for anything else.
    public func automaticReplyOpeningNothing(_ message: ParsedMessage) -> String? {
        let headers = message.headers
        if let value = headers["Auto-Submitted"]?.lowercased(), value.hasPrefix("auto-replied") {
            return "Auto-Submitted: \(value)"
        }
        if let precedence = headers["Precedence"]?.lowercased(), ["auto_reply", "auto-reply"].contains(precedence) {
            return "Precedence: \(precedence)"
        }
        if headers.raw("X-Autoreply") != nil || headers.raw("X-Autorespond") != nil {
            return "autoresponder header present"
        }
        if Self.hasAutomaticSubject(message.subject) { return "subject \"\(message.subject)\" says it is automatic" }
        if Self.hasFailureNoticeSubject(message.subject) {
            return "subject \"\(message.subject)\" is a delivery failure notice's"
        }
        return nil
    }

    /// Subjects out-of-office and vacation replies begin with, in the languages a hospital's
    /// staff write, after any `[tag]` (lower case).
    static func hasAutomaticSubject(_ subject: String) -> Bool {
        var lowered = Substring(subject.lowercased())
        while lowered.first == " " || lowered.first == "\t" { lowered = lowered.dropFirst() }
        return automaticSubjectPrefixes.contains { lowered.hasPrefix($0) }
    }

    /// A failure notice from a plain address: subjects that end as servers end them
    /// ("… (delivery failed)"); a person asking about a failed delivery does not write that.
    static func hasFailureNoticeSubject(_ subject: String) -> Bool {
        let lowered = subject.lowercased().trimmingCharacters(in: .whitespaces)
        return failureNoticeSuffixes.contains { lowered.hasSuffix($0) }
    }

    private static let failureNoticeSuffixes = [
        "(delivery failed)", "(failure)", "(undeliverable)", "(delivery failure)", "(unzustellbar)",
        "(non remis)", "(mail delivery failed)",
    ]

    private static let automaticSubjectPrefixes = [
        // English
        "automatic reply", "auto reply", "auto-reply", "autoreply", "auto response", "auto-response", "auto:",
        "autoresponse", "out of office", "out of the office", "ooo:", "ooo ", "vacation reply", "vacation:",
        "on vacation", "away from the office", "away from my desk", "away:", "absence notice",
        // German, French, Spanish, Italian, Dutch, Portuguese
        "abwesenheitsnotiz", "automatische antwort", "abwesend:", "urlaubsabwesenheit", "im urlaub",
        "réponse automatique", "reponse automatique", "absence du bureau", "absent du bureau", "en congé",
        "respuesta automática", "respuesta automatica", "fuera de la oficina", "fuera de oficina",
        "risposta automatica", "fuori ufficio", "fuori sede", "automatisch antwoord", "afwezig", "afwezigheid",
        "resposta automática", "resposta automatica", "fora do escritório", "ausência", "ausente:",
        // Polish, Turkish, Russian, Arabic
        "automatyczna odpowiedź", "autoodpowiedź", "nieobecność", "poza biurem", "otomatik yanıt", "otomatik cevap",
        "ofis dışında", "автоматический ответ", "автоответ", "нет на месте", "в отпуске", "رد تلقائي", "رد آلي",
        "خارج المكتب",
        // Chinese, Japanese
        "自动回复", "自動回覆", "自动答复", "自動回復", "自動応答", "自動返信", "不在通知", "外出中",
        // Nordic
        "autosvar", "automatisk svar", "automatiskt svar", "frånvarande", "frånvaro", "fraværende", "fravær",
        "automaattinen vastaus", "poissa", "lomalla", "sjálfvirkt svar",
    ]
}
