import Foundation

/// A parsed incoming message: the raw bytes, the MIME tree, and the fields a help desk reads.
public struct ParsedMessage: Sendable {
    /// The message exactly as received.
    public let raw: [UInt8]
    public let root: MIMEPart
    public var headers: MessageHeaders { root.headers }

    /// The Message-ID without angle brackets; synthesised from a digest of the raw bytes when
    /// the message has none, so a redelivered copy gets the same id.
    public var messageID: String
    public let hasSynthesizedMessageID: Bool
    public let inReplyTo: [String]
    public let references: [String]
    public let subject: String
    public let from: MailAddress?
    public let to: [MailAddress]
    public let cc: [MailAddress]
    public let replyTo: [MailAddress]
    /// The readable text: text/plain preferred, HTML turned into text otherwise.
    public let textBody: String
    /// What the author newly wrote: `textBody` without the history their client quoted
    /// (`QuotedReply`); the whole text when trimming would leave nothing.
    public var newText: String {
        let trimmed = QuotedReply.trim(textAboveQuotes)
        return trimmed.isEmpty ? textBody : trimmed
    }
    /// What the author wrote, trimmed of quoted history, with no fallback: empty when the mail
    /// is all quote (an empty reply to a quoted mail). Commands are read from this alone.
    public var authoredText: String { QuotedReply.trim(textAboveQuotes) }
    private let textAboveQuotes: String
    public let attachments: [AttachmentReference]
    /// What the parser had to guess (charset fallbacks and the like).
    public let notes: [String]
    /// A digest of what the mail says, not of how it travelled: From, To, Cc, Subject, Date
    /// and the body, without trace fields (Received, Delivered-To, Return-Path,
    /// Authentication-Results) that differ between two deliveries of one mail. Two mails with
    /// one Message-ID are the same mail only when this matches too.
    public let contentDigest: String

    init(raw: [UInt8], root: MIMEPart, deadline: Deadline?) throws(MIMEError) {
        self.raw = raw
        self.root = root
        let headers = root.headers
        let ids = MessageIDList.parse(headers.raw("Message-ID") ?? "")
        if let id = ids.first {
            messageID = id
            hasSynthesizedMessageID = false
        } else {
            messageID = MessageIDList.synthesized("sha256", digest: Digest.sha256Hex(raw))
            hasSynthesizedMessageID = true
        }
        inReplyTo = MessageIDList.parse(headers.raw("In-Reply-To") ?? "")
        references = MessageIDList.parse(headers.all("References").joined(separator: " "))
        subject = headers["Subject"] ?? ""
        from =
            AddressList.parse(headers.raw("From") ?? "").first
            ?? AddressList.parse(headers.raw("Sender") ?? "").first
        to = AddressList.parse(headers.all("To").joined(separator: ", "))
        cc = AddressList.parse(headers.all("Cc").joined(separator: ", "))
        replyTo = AddressList.parse(headers.raw("Reply-To") ?? "")
        var extractor = BodyExtractor(raw: raw, deadline: deadline)
        try extractor.collect(root)
        textBody = extractor.text
        textAboveQuotes = extractor.textAboveQuotes
        attachments = extractor.attachments
        notes = extractor.notes
        var digested: [UInt8] = []
        for name in ["From", "To", "Cc", "Subject", "Date"] {
            digested += Array(name.utf8) + [0x3a] + Array(headers.all(name).joined(separator: "\n").utf8) + [0x0a]
        }
        digested += raw[root.bodyRange]
        contentDigest = Digest.sha256Hex(digested)
    }

    /// The decoded bytes of one attachment.
    public func data(of attachment: AttachmentReference) -> [UInt8] {
        attachment.transferEncoding.decode(raw[attachment.range])
    }
}
