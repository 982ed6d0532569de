import Foundation

/// Walks a MIME tree choosing what a person reads (the body text) and what is carried along
/// (attachments): in `multipart/alternative` the plain-text version wins, HTML is turned
/// into text when it is the only version, inline text parts of `multipart/mixed` are joined.
struct BodyExtractor {
    let raw: [UInt8]
    let deadline: Deadline?
    private(set) var texts: [String] = []
    /// The same texts with HTML cut at its client's quote container (`QuotedReply.cutHTML`).
    private(set) var textsAboveQuotes: [String] = []
    private(set) var attachments: [AttachmentReference] = []
    private(set) var notes: [String] = []

    init(raw: [UInt8], deadline: Deadline?) {
        self.raw = raw
        self.deadline = deadline
    }

    var text: String {
        texts.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var textAboveQuotes: String {
        textsAboveQuotes.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    mutating func collect(_ part: MIMEPart) throws(MIMEError) {
        try deadline?.check("choosing the readable text")
        switch part.mediaType {
        case "multipart/alternative":
            let preferred =
                part.children.last { $0.mediaType == "text/plain" && !$0.isAttachment }
                ?? part.children.last { $0.mediaType == "text/html" && !$0.isAttachment }
                ?? part.children.last { $0.isMultipart }
            if let preferred { try collect(preferred) }
            for child in part.children where child.isAttachment { addAttachment(child) }
        case let type where type.hasPrefix("multipart/"):
            for child in part.children { try collect(child) }
        case let type where ["text/plain", "text/html", "text/enriched"].contains(type) && !part.isAttachment:
            try addReadableText(of: part)
        case "message/rfc822":
            addAttachment(part, fallbackName: "forwarded-message.eml")
        default:
            addAttachment(part)
        }
    }

    /// The part's decoded text, whole: NUL and the other C0 controls (but tab and line
    /// breaks) become U+FFFD rather than cutting or hiding anything. Second, for HTML, the text
    /// above the client's quote container (else the same text).
    private mutating func addReadableText(of part: MIMEPart) throws(MIMEError) {
        let bytes = part.transferEncoding.decode(raw[part.bodyRange])
        let decoded = Charset.decode(bytes, charset: part.contentType["charset"])
        if let note = decoded.note { notes.append(note) }
        var text = ControlCharacters.replacedForStorage(decoded.text)
        if part.mediaType == "text/html" {
            var above: String?
            if let cut = QuotedReply.cutHTML(text) { above = try HTMLToText.convert(cut, deadline: deadline) }
            text = try HTMLToText.convert(text, deadline: deadline)
            texts.append(text)
            textsAboveQuotes.append(above ?? text)
            return
        } else if part.contentType["format"]?.lowercased() == "flowed" {
            text = FlowedText.unflow(text, deleteSpace: part.contentType["delsp"]?.lowercased() == "yes")
        }
        texts.append(text)
        textsAboveQuotes.append(text)
    }

    private mutating func addAttachment(_ part: MIMEPart, fallbackName: String? = nil) {
        let name = part.filename ?? fallbackName ?? "attachment-\(attachments.count + 1)"
        attachments.append(
            AttachmentReference(
                filename: name, contentType: part.mediaType, transferEncoding: part.transferEncoding,
                range: part.bodyRange))
    }
}
