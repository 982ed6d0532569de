/// An attachment in a parsed message: its metadata and where its encoded bytes lie, so that
/// it can be decoded and stored on its own, one at a time.
public struct AttachmentReference: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var transferEncoding: TransferEncoding
    public var range: Range<Int>
}
