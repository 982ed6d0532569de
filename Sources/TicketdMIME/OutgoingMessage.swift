import Foundation

/// A mail ticketd sends, rendered to bytes ready for SMTP: CRLF line ends, folded RFC 2047
/// headers, a quoted-printable UTF-8 body, attachments as base64 parts. No input text can
/// reach a header with a CR or LF in it: every value is sanitised and encoded here.
public struct OutgoingMessage: Sendable {
    /// A file carried along (relayed attachments).
    public struct Attachment: Sendable {
        public var filename: String
        public var contentType: String
        public var data: [UInt8]

        public init(filename: String, contentType: String, data: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress] = []
    public var replyTo: MailAddress?
    public var subject: String
    /// Without angle brackets.
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String] = []
    public var date: Date
    /// `auto-replied` for acknowledgements, `auto-generated` for notices; nil for human replies.
    public var autoSubmitted: String?
    /// `bulk` for broadcasts (with `X-Auto-Response-Suppress`, it keeps most out-of-office replies away).
    public var precedence: String?
    public var body: String
    /// An HTML version of `body` (a report with charts): sent as multipart/alternative.
    public var htmlBody: String?
    public var attachments: [Attachment] = []

    public init(
        from: MailAddress, to: [MailAddress], subject: String, messageID: String, date: Date, body: String,
        replyTo: MailAddress? = nil, inReplyTo: String? = nil, references: [String] = [], autoSubmitted: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.date = date
        self.body = body
        self.replyTo = replyTo
        self.inReplyTo = inReplyTo
        self.references = references
        self.autoSubmitted = autoSubmitted
    }

    /// The message as bytes for SMTP: CRLF everywhere, ending in CRLF.
    public func render() -> [UInt8] {
        var lines: [String] = []
        func header(_ name: String, _ value: String) {
            lines.append(Self.fold("\(name): \(value)"))
        }
        header("Date", Self.rfc5322Date(date))
        header("From", Self.format(from))
        header("To", to.map(Self.format).joined(separator: ", "))
        if !cc.isEmpty { header("Cc", cc.map(Self.format).joined(separator: ", ")) }
        if let replyTo { header("Reply-To", Self.format(replyTo)) }
        header("Subject", EncodedWord.encodeIfNeeded(subject))
        header("Message-ID", "<\(Self.cleanID(messageID))>")
        if let inReplyTo, case let id = Self.cleanID(inReplyTo), !id.isEmpty, id.utf8.count <= Self.maxIDLength {
            header("In-Reply-To", "<\(id)>")
        }
        let references = references.map(Self.cleanID).filter { !$0.isEmpty && $0.utf8.count <= Self.maxIDLength }
        if !references.isEmpty { header("References", references.map { "<\($0)>" }.joined(separator: " ")) }
        if let autoSubmitted { header("Auto-Submitted", autoSubmitted) }
        if autoSubmitted != nil { header("X-Auto-Response-Suppress", "All") }
        if let precedence { header("Precedence", precedence) }
        header("MIME-Version", "1.0")
        let textPart = [
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            TransferEncoding.encodeQuotedPrintable(body),
        ]
        if let htmlBody, attachments.isEmpty {
            let boundary = "=_ticketd_alt_\(Digest.sha256Hex(Array(messageID.utf8)).prefix(24))"
            header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
            lines += ["", "This is a MIME message.", "--\(boundary)"] + textPart
            lines += [
                "--\(boundary)", "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable", "",
                TransferEncoding.encodeQuotedPrintable(htmlBody), "--\(boundary)--",
            ]
        } else if attachments.isEmpty {
            lines += textPart
        } else {
            let boundary = "=_ticketd_\(Digest.sha256Hex(Array(messageID.utf8)).prefix(24))"
            header("Content-Type", "multipart/mixed; boundary=\"\(boundary)\"")
            lines += ["", "This is a MIME message.", "--\(boundary)"] + textPart
            for attachment in attachments {
                let name = EncodedWord.sanitize(attachment.filename).replacingOccurrences(of: "\"", with: "'")
                let encodedName = EncodedWord.encodeIfNeeded(name)
                lines += [
                    "--\(boundary)",
                    Self.fold("Content-Type: \(Self.cleanType(attachment.contentType)); name=\"\(encodedName)\""),
                    "Content-Transfer-Encoding: base64",
                    Self.fold("Content-Disposition: attachment; filename=\"\(encodedName)\""),
                    "",
                    TransferEncoding.encodeBase64(attachment.data),
                ]
            }
            lines.append("--\(boundary)--")
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// `Name <a@b>` with the name written as one unit: all encoded words when any of it needs
    /// encoding, else quoted when it holds a special, else plain. (Encoding only some words of
    /// a name would leave a `<`, `>` or `,` of it bare and add an address to the header.)
    static func format(_ address: MailAddress) -> String {
        let email = address.email.filter { !$0.isWhitespace && $0 != "<" && $0 != ">" && $0 != "," && $0 != "\"" }
        let name = EncodedWord.sanitize(address.name).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return email }
        if EncodedWord.phraseNeedsEncoding(name) { return "\(EncodedWord.encodeWords(name)) <\(email)>" }
        if name.unicodeScalars.contains(where: Self.specials.contains) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(email)>"
        }
        return "\(name) <\(email)>"
    }

    /// RFC 5322 specials: a display name holding one is quoted.
    static let specials = CharacterSet(charactersIn: "()<>[]:;@\\,.\"")

    /// Folds a header line at spaces so no line passes 78 bytes where it can be helped. Every
    /// word we write is short (long plain words are encoded, ids are bounded), so no line
    /// comes near 998. A continuation line always holds more than white space.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 78 else { return line }
        var output = ""
        var current = ""
        var currentBytes = 0
        var currentHasText = false
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            let wordBytes = word.utf8.count
            if currentHasText, currentBytes + 1 + wordBytes > 76 {
                output += current + "\r\n"
                current = " " + word
                currentBytes = 1 + wordBytes
                currentHasText = wordBytes > 0
            } else {
                if currentBytes == 0 && current.isEmpty {
                    current = String(word)
                    currentBytes = wordBytes
                } else {
                    current += " " + word
                    currentBytes += 1 + wordBytes
                }
                currentHasText = currentHasText || wordBytes > 0
            }
        }
        return output + current
    }

    /// Ids longer than this are left out of In-Reply-To and References: an id cannot be
    /// folded, and a header line must stay under 998 characters.
    static let maxIDLength = 900

    static func cleanID(_ id: String) -> String {
        id.filter { !$0.isWhitespace && $0 != "<" && $0 != ">" && !$0.isNewline }
    }

    static func cleanType(_ type: String) -> String {
        let clean = type.lowercased().filter { $0.isLetter || $0.isNumber || "/-+.".contains($0) }
        return clean.contains("/") ? clean : "application/octet-stream"
    }

    /// `Mon, 23 Nov 2026 20:01:03 +0000`, computed from UTC calendar fields (a DateFormatter
    /// per mail costs more than the rest of building it).
    static func rfc5322Date(_ date: Date) -> String {
        let parts = DateText.utcCalendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let two = { (value: Int?) in DateText.padded(value) }
        return "\(days[((parts.weekday ?? 1) - 1) % 7]), \(two(parts.day)) \(months[((parts.month ?? 1) - 1) % 12]) "
            + "\(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
