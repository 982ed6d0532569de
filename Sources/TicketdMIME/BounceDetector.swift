/// Recognises delivery failure reports ("bounces") in the shapes the common mail servers write
/// them, and finds the Message-IDs of the mail they return.
///
/// A report counts when it is an RFC 3464 report (`multipart/report`, a `message/delivery-status`
/// part anywhere), carries `X-Failed-Recipients` (Exim), comes from a mailer daemon, or — for the
/// servers that write plain text (qmail, Lotus Domino, GroupWise, old Exchange) — has a bounce
/// subject together with a second sign: a postmaster sender, an empty Return-Path, an
/// `Auto-Submitted` field, a returned copy of a message, or a bounce phrase near the top of the
/// text. A subject a person writes when forwarding a bounce (`Fw: Undeliverable: ...`) is not one.
public enum BounceDetector {
    /// True when `message` is a delivery failure (or delay) report.
    public static func isBounce(_ message: ParsedMessage) -> Bool {
        if isReport(message.root) { return true }
        let headers = message.headers
        if headers.raw("X-Failed-Recipients") != nil { return true }
        let sender = message.from?.localPart ?? ""
        if daemonSenders.contains(sender) || sender.hasPrefix("mailer-daemon") { return true }
        guard hasBounceSubject(message.subject) else { return false }
        let returnPathEmpty = headers.raw("Return-Path").map { $0.filter { $0 != " " } == "<>" } ?? false
        let autoSubmitted = headers["Auto-Submitted"].map { !$0.lowercased().hasPrefix("no") } ?? false
        return postmasterSenders.contains(sender) || returnPathEmpty || autoSubmitted
            || containsReturnedMessage(message.root) || hasBouncePhrase(message.textBody)
    }

    /// The Message-IDs in the returned message's headers: in `message/rfc822` and
    /// `text/rfc822-headers` parts, and in `Message-ID:` lines of text (qmail, Yahoo and others
    /// quote the returned mail inline). Only the first 256 KiB of the mail are read.
    public static func returnedMessageIDs(_ message: ParsedMessage) -> [String] {
        var ids: [String] = []
        collectReturnedIDs(message.root, raw: message.raw, into: &ids)
        let limit = min(message.raw.count, 256 * 1024)
        var lineStart = message.root.bodyRange.lowerBound
        let raw = message.raw
        while lineStart < limit {
            var lineEnd = lineStart
            while lineEnd < limit, raw[lineEnd] != 0x0a { lineEnd += 1 }
            var start = lineStart
            while start < lineEnd, raw[start] == 0x20 || raw[start] == 0x09 || raw[start] == UInt8(ascii: ">") {
                start += 1
            }
            if lineEnd - start > 11, raw[start..<(start + 11)].map({ $0 | 0x20 }) == Array("message-id:".utf8) {
                ids += MessageIDList.parse(String(decoding: raw[(start + 11)..<lineEnd], as: UTF8.self))
            }
            lineStart = lineEnd + 1
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    private static func isReport(_ part: MIMEPart) -> Bool {
        if part.mediaType == "multipart/report",
            let type = part.contentType["report-type"]?.lowercased(),
            type.contains("delivery-status")
        {
            return true
        }
        if part.mediaType == "message/delivery-status" || part.mediaType == "message/global-delivery-status" {
            return true
        }
        return part.children.contains(where: isReport)
    }

    private static func containsReturnedMessage(_ part: MIMEPart) -> Bool {
        returnedTypes.contains(part.mediaType) || part.children.contains(where: containsReturnedMessage)
    }

    private static func collectReturnedIDs(_ part: MIMEPart, raw: [UInt8], into ids: inout [String]) {
        if returnedTypes.contains(part.mediaType),
            let (headers, _) = try? MIMEParser.parseHeaders(raw, range: part.bodyRange, skipMboxLine: false)
        {
            ids += MessageIDList.parse(headers.raw("Message-ID") ?? "")
        }
        for child in part.children { collectReturnedIDs(child, raw: raw, into: &ids) }
    }

    private static let returnedTypes: Set<String> = [
        "message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers",
    ]

    private static let daemonSenders: Set<String> = [
        "mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon", "mdaemon", "mail.daemon",
    ]

    private static let postmasterSenders: Set<String> = [
        "postmaster", "mailadmin", "mail-admin", "bounce", "bounces", "root", "daemon", "nobody",
        "microsoftexchange329e71ec88ae4615bbc36ab6ce41109e",
    ]

    /// Subjects mail servers give their reports, in lower case; matched at the start of the
    /// subject, or anywhere for the phrases no person writes.
    private static let subjectStarts = [
        "undeliverable", "undelivered", "undeliverable mail", "non-delivery", "nondeliverable", "delivery failure",
        "delivery failed", "delivery status notification", "delivery notification", "delivery report",
        "delivery problem", "mail delivery failed", "mail delivery failure", "mail delivery problem",
        "failure notice", "failed mail", "returned mail", "mail system error", "message not delivered",
        "message delivery failure", "message undeliverable", "could not send message", "warning: could not send",
        "delayed mail", "delivery delayed", "message status - undeliverable", "unzustellbar",
        "nicht zustellbar", "non remis", "impossible de remettre", "no se puede entregar", "onbestelbaar",
        "non recapitabile", "returned to sender", "error sending message", "mail could not be delivered",
        "permanent delivery failure",
    ]

    private static let subjectAnywhere = [
        "returned mail:", "delivery status notification", "undelivered mail returned to sender",
        "returning message to sender", "delivery has failed", "failure notice", "delivery_failure",
    ]

    static func hasBounceSubject(_ subject: String) -> Bool {
        var text = Substring(subject.lowercased())
        while text.first == " " { text = text.dropFirst() }
        for prefix in ["re:", "fw:", "fwd:", "aw:", "wg:", "tr:", "rv:", "sv:", "vs:"] where text.hasPrefix(prefix) {
            return false
        }
        if text.hasPrefix("[") || text.hasPrefix("*") { text = text.drop { $0 == "[" || $0 == "*" || $0 == " " } }
        return subjectStarts.contains { text.hasPrefix($0) } || subjectAnywhere.contains { text.contains($0) }
    }

    /// Phrases of mail software, not of people asking about mail.
    private static let bodyPhrases = [
        "this is the qmail-send program", "could not be delivered to", "delivery to the following recipient",
        "delivery has failed to", "permanent fatal errors", "following recipients failed",
        "recipient address rejected", "not listed in domino directory", "did not reach the following recipient",
        "550 5.1.1", "user unknown", "no such user", "mailbox unavailable", "this is a permanent error",
        "was undeliverable to the following", "unable to deliver your message",
    ]

    private static func hasBouncePhrase(_ text: String) -> Bool {
        let top = text.prefix(8 * 1024).lowercased()
        return bodyPhrases.contains { top.contains($0) }
    }
}
