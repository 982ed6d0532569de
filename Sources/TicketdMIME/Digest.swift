import CCrypto
import Foundation

/// SHA-256 digests, hex-encoded: the names of content-addressed files and of synthesised ids.
public enum Digest {
    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex<Bytes: ContiguousBytes>(_ bytes: Bytes) -> String {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { buffer in
            out.withUnsafeMutableBufferPointer { target in
                ticketd_sha256(buffer.baseAddress, buffer.count, target.baseAddress)
            }
        }
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in out {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
