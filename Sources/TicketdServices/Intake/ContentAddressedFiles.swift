import Foundation
import TicketdMIME

/// Files named by the SHA-256 of their content (`ab/abcdef…SUFFIX`), written once, fsynced (the
/// file and its folder) before the transaction that refers to them commits, and written from the
/// caller's own storage so a large one is never copied. Raw large mail and attachments both live
/// this way.
struct ContentAddressedFiles: Sendable {
    let directory: String
    let suffix: String

    /// Where the file with this digest lives.
    func path(for digest: String) -> String {
        "\(directory)/\(digest.prefix(2))/\(digest)\(suffix)"
    }

    /// Writes `bytes` unless a file with the same content exists; returns the digest and the path.
    func write(_ bytes: [UInt8]) throws -> (digest: String, path: String) {
        let digest = Digest.sha256Hex(bytes)
        let path = path(for: digest)
        let folder = (path as NSString).deletingLastPathComponent
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path) { return (digest, path) }
        try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(path).tmp-\(UUID().uuidString.prefix(8))"
        guard fileManager.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o640]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary]) }
        try bytes.withUnsafeBytes { buffer in
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
        return (digest, path)
    }
}
