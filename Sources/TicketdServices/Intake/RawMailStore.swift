import Foundation

/// Where the raw bytes of a large mail are kept: an fsynced file named by the SHA-256 of its
/// content (`raw/ab/abcdef….eml` beside the database), written before the transaction that
/// refers to it commits. Small mail stays a blob in the database, where one commit's fsync
/// covers a whole batch; large mail would otherwise be copied into SQLite's memory on its way.
public struct RawMailStore: Sendable {
    public let directory: String
    /// Mail at least this large goes to a file.
    public var fileThreshold = 1024 * 1024
    private let files: ContentAddressedFiles

    public init(directory: String) {
        self.directory = directory
        files = ContentAddressedFiles(directory: directory, suffix: ".eml")
    }

    /// The bytes to keep inline, or the path of the file now holding them.
    public func keep(_ raw: [UInt8]) throws -> (inline: [UInt8]?, path: String?) {
        guard raw.count >= fileThreshold else { return (raw, nil) }
        return (nil, try files.write(raw).path)
    }
}
