import Foundation

/// A parsed incoming message: the raw bytes, the MIME tree, and the fields a help desk reads.
public struct ParsedMessage: Sendable {
    /// The message exactly as received.
    public let raw: [UInt8]
    public let root: MIMEPart
    public var headers: MessageHeaders { root.headers }

    /// The Message-ID without angle brackets; synthesised from a digest of the raw bytes when
    /// the message has none, so a redelivered copy gets the same id.
    public let messageID: String
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
    public let attachments: [AttachmentReference]
    /// What the parser had to guess (charset fallbacks and the like).
    public let notes: [String]

    init(raw: [UInt8], root: MIMEPart) {
        self.raw = raw
        self.root = root
        let headers = root.headers
        let ids = MessageIDList.parse(headers.raw("Message-ID") ?? "")
        if let id = ids.first {
            messageID = id
            hasSynthesizedMessageID = false
        } else {
            messageID = "sha256-\(Digest.sha256Hex(raw))@ticketd.invalid"
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
        var extractor = BodyExtractor(raw: raw)
        extractor.collect(root)
        textBody = extractor.text
        attachments = extractor.attachments
        notes = extractor.notes
    }

    /// The decoded bytes of one attachment.
    public func data(of attachment: AttachmentReference) -> [UInt8] {
        attachment.transferEncoding.decode(raw[attachment.range])
    }

    /// True when the message is a delivery status notification (RFC 3464), or looks like one.
    public var isDeliveryStatusNotification: Bool {
        if root.mediaType == "multipart/report", root.contentType["report-type"]?.lowercased() == "delivery-status" {
            return true
        }
        let sender = from?.localPart ?? ""
        return (sender == "mailer-daemon" || sender == "postmaster")
            && (root.children.contains { $0.mediaType == "message/delivery-status" }
                || subject.lowercased().contains("deliver"))
    }
}
