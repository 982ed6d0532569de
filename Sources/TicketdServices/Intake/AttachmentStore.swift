import Foundation

/// Attachments on disk, named by the SHA-256 of their content (`ab/abcdef…`): the same file
/// sent twice is stored once, fsynced like raw mail before the transaction that records it.
public struct AttachmentStore: Sendable {
    public let directory: String
    private let files: ContentAddressedFiles

    public init(directory: String) {
        self.directory = directory
        files = ContentAddressedFiles(directory: directory, suffix: "")
    }

    /// Writes `data` unless already present; returns its digest.
    public func store(_ data: [UInt8]) throws -> String {
        try files.write(data).digest
    }

    public func path(for digest: String) -> String {
        files.path(for: digest)
    }
}
