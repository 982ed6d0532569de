import Foundation
import TicketdStore

/// The HMAC key for reply tokens where `trust.secret_file` names none: `trust.secret` beside the
/// database, made at the first start (32 random bytes, hex, mode 0600) and read at every later one,
/// so tokens in mail already sent stay valid across restarts.
enum TrustKeyFile {
    static func key(besideDatabase database: String) throws(StoreError) -> [UInt8] {
        let directory = (database as NSString).deletingLastPathComponent
        let path = (directory.isEmpty ? "." : directory) + "/trust.secret"
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.utf8.count >= 16 else {
                throw StoreError(.invalid, "\(path) holds \(text.utf8.count) bytes; a trust key needs at least 16")
            }
            return Array(text.utf8)
        }
        let key = MailComposer.randomHex() + MailComposer.randomHex()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let created = FileManager.default.createFile(
                atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
            guard created else { throw StoreError(.invalid, "cannot create \(path)") }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.invalid, "cannot create \(path): \(error.localizedDescription)")
        }
        return Array(key.utf8)
    }
}
