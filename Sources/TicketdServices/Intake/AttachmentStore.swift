import Foundation
import TicketdMIME

/// Attachments on disk, named by the SHA-256 of their content (`ab/abcdef…`): the same file
/// sent twice is stored once. Files are derived from the raw mail kept in the database, so a
/// crash that loses one loses nothing that cannot be rebuilt.
public struct AttachmentStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Writes `data` unless already present; returns its digest.
    public func store(_ data: [UInt8]) throws -> String {
        let digest = Digest.sha256Hex(data)
        let folder = "\(directory)/\(digest.prefix(2))"
        let path = "\(folder)/\(digest)"
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path) { return digest }
        try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(path).tmp-\(UUID().uuidString.prefix(8))"
        // Written from the array's own storage: a large attachment is not copied once more.
        let written = data.withUnsafeBytes { buffer in
            fileManager.createFile(
                atPath: temporary,
                contents: buffer.baseAddress.map {
                    Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: buffer.count, deallocator: .none)
                } ?? Data(),
                attributes: [.posixPermissions: 0o640])
        }
        guard written else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary]) }
        try? fileManager.removeItem(atPath: path)
        try fileManager.moveItem(atPath: temporary, toPath: path)
        return digest
    }

    public func path(for digest: String) -> String {
        "\(directory)/\(digest.prefix(2))/\(digest)"
    }
}
