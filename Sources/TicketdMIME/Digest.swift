import CCrypto
import Foundation

/// SHA-256 digests and HMACs, hex-encoded: the names of content-addressed files, synthesised
/// ids, and the analysts' reply tokens.
public enum Digest {
    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex<Bytes: ContiguousBytes>(_ bytes: Bytes) -> String {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { buffer in
            out.withUnsafeMutableBufferPointer { target in
                ticketd_sha256(buffer.baseAddress, buffer.count, target.baseAddress)
            }
        }
        return hex(out)
    }

    /// The lowercase hex HMAC-SHA-256 (RFC 2104) of `message` under `key`.
    public static func hmacSHA256Hex(key: [UInt8], message: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: 32)
        let done = key.withUnsafeBytes { keyBuffer in
            message.withUnsafeBytes { buffer in
                out.withUnsafeMutableBufferPointer { target in
                    ticketd_hmac_sha256(
                        keyBuffer.baseAddress, keyBuffer.count, buffer.baseAddress, buffer.count, target.baseAddress)
                }
            }
        }
        // libcrypto fails only without memory; an all-zero tag then matches nothing minted.
        return done == 1 ? hex(out) : ""
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
