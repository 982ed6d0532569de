import Foundation

/// Walks a MIME tree choosing what a person reads (the body text) and what is carried along
/// (attachments): in `multipart/alternative` the plain-text version wins, HTML is turned
/// into text when it is the only version, inline text parts of `multipart/mixed` are joined.
struct BodyExtractor {
    let raw: [UInt8]
    private(set) var texts: [String] = []
    private(set) var attachments: [AttachmentReference] = []
    private(set) var notes: [String] = []

    init(raw: [UInt8]) {
        self.raw = raw
    }

    var text: String {
        texts.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    mutating func collect(_ part: MIMEPart) {
        switch part.mediaType {
        case "multipart/alternative":
            let preferred =
                part.children.last { $0.mediaType == "text/plain" && !$0.isAttachment }
                ?? part.children.last { $0.mediaType == "text/html" && !$0.isAttachment }
                ?? part.children.last { $0.isMultipart }
            if let preferred { collect(preferred) }
            for child in part.children where child.isAttachment { addAttachment(child) }
        case let type where type.hasPrefix("multipart/"):
            for child in part.children { collect(child) }
        case let type where ["text/plain", "text/html", "text/enriched"].contains(type) && !part.isAttachment:
            texts.append(readableText(of: part))
        case "message/rfc822":
            addAttachment(part, fallbackName: "forwarded-message.eml")
        default:
            addAttachment(part)
        }
    }

    private mutating func readableText(of part: MIMEPart) -> String {
        let bytes = part.transferEncoding.decode(raw[part.bodyRange])
        let decoded = Charset.decode(bytes, charset: part.contentType["charset"])
        if let note = decoded.note { notes.append(note) }
        var text = decoded.text.replacingOccurrences(of: "\r\n", with: "\n")
        if part.mediaType == "text/html" {
            text = HTMLToText.convert(text)
        } else if part.contentType["format"]?.lowercased() == "flowed" {
            text = FlowedText.unflow(text, deleteSpace: part.contentType["delsp"]?.lowercased() == "yes")
        }
        return text
    }

    private mutating func addAttachment(_ part: MIMEPart, fallbackName: String? = nil) {
        let name = part.filename ?? fallbackName ?? "attachment-\(attachments.count + 1)"
        attachments.append(
            AttachmentReference(
                filename: name, contentType: part.mediaType, transferEncoding: part.transferEncoding,
                range: part.bodyRange))
    }
}
