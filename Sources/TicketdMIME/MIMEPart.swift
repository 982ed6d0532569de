/// One node of a message's MIME tree; its body is a range of the raw message's bytes, so a
/// large attachment is never copied until it is decoded, one at a time.
public struct MIMEPart: Sendable {
    public var headers: MessageHeaders
    /// Content-Type, defaulting to `text/plain` (or `message/rfc822` in a digest).
    public var contentType: HeaderParameters
    /// Content-Disposition, when present.
    public var disposition: HeaderParameters?
    public var transferEncoding: TransferEncoding
    /// Where the (still transfer-encoded) body lies in the raw message.
    public var bodyRange: Range<Int>
    public var children: [MIMEPart]

    /// `text/plain`, `multipart/mixed`, ...
    public var mediaType: String { contentType.value }
    public var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    /// The file name the sender gave, if any (Content-Disposition filename, then Content-Type name).
    public var filename: String? {
        let name = disposition?["filename"] ?? contentType["name"]
        return name.map(EncodedWord.sanitize).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// True when the sender marked the part as an attachment rather than something to read.
    public var isAttachment: Bool {
        disposition?.value == "attachment" || (filename != nil && !mediaType.hasPrefix("text/"))
            || (disposition?.value != "inline" && filename != nil)
    }
}
