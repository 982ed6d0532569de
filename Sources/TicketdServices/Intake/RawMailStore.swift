import Foundation
import TicketdMIME

/// Where the raw bytes of a large mail are kept: an fsynced file named by the SHA-256 of its
/// content (`raw/ab/abcdef….eml` beside the database), written before the transaction that
/// refers to it commits. Small mail stays a blob in the database, where one commit's fsync
/// covers a whole batch; large mail would otherwise be copied into SQLite's memory on its way.
public struct RawMailStore: Sendable {
    public let directory: String
    /// Mail at least this large goes to a file.
    public var fileThreshold = 1024 * 1024

    public init(directory: String) {
        self.directory = directory
    }

    /// The bytes to keep inline, or the path of the file now holding them.
    public func keep(_ raw: [UInt8]) throws -> (inline: [UInt8]?, path: String?) {
        guard raw.count >= fileThreshold else { return (raw, nil) }
        let digest = Digest.sha256Hex(raw)
        let folder = "\(directory)/\(digest.prefix(2))"
        let path = "\(folder)/\(digest).eml"
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path) { return (nil, path) }
        try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(path).tmp-\(UUID().uuidString.prefix(8))"
        guard fileManager.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o640]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary]) }
        try raw.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            try handle.write(
                contentsOf: Data(
                    bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none))
        }
        try handle.synchronize()
        try handle.close()
        try fileManager.moveItem(atPath: temporary, toPath: path)
        // The directory entry must be durable too before the database points at it.
        if let folderHandle = FileHandle(forReadingAtPath: folder) {
            try? folderHandle.synchronize()
            try? folderHandle.close()
        }
        return (nil, path)
    }
}
