import Foundation

/// Content-Transfer-Encoding (RFC 2045 §6): decoding tolerant of real-world damage, and the
/// encodings used for outgoing mail.
public enum TransferEncoding: String, Sendable {
    case sevenBit = "7bit"
    case eightBit = "8bit"
    case binary
    case quotedPrintable = "quoted-printable"
    case base64

    /// The encoding named by a header value; anything unknown is treated as 8bit (read as is).
    public init(headerValue: String?) {
        let name = (headerValue ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        self = TransferEncoding(rawValue: name) ?? (name.contains("base64") ? .base64 : .eightBit)
    }

    /// Decodes `bytes` from this encoding.
    public func decode<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        switch self {
        case .sevenBit, .eightBit, .binary: return Array(bytes)
        case .quotedPrintable: return Self.decodeQuotedPrintable(bytes)
        case .base64: return Self.decodeBase64(bytes)
        }
    }

    /// Base64 decoding that skips anything outside the alphabet (line breaks, junk, stray
    /// padding) and drops a trailing incomplete group instead of failing.
    public static func decodeBase64<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var count = 0
        for byte in bytes {
            let value = base64Value[Int(byte)]
            if value == 0xff { continue }
            accumulator = accumulator << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                count = 0
            }
        }
        if count == 3 {
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        } else if count == 2 {
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        }
        return output
    }

    /// Quoted-printable decoding (RFC 2045 §6.7): soft line breaks removed, a malformed `=`
    /// kept literally, trailing whitespace on lines dropped.
    public static func decodeQuotedPrintable<Bytes: Collection>(_ bytes: Bytes) -> [UInt8]
    where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var output = [UInt8]()
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                var next = index + 1
                // Soft line break: "=" then optional whitespace then (CR)LF.
                while next < input.count, input[next] == 0x20 || input[next] == 0x09 { next += 1 }
                if next < input.count, input[next] == 0x0d || input[next] == 0x0a {
                    if input[next] == 0x0d, next + 1 < input.count, input[next + 1] == 0x0a { next += 1 }
                    index = next + 1
                    continue
                }
                if next == input.count {
                    index = next
                    continue
                }
                if index + 2 < input.count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
                {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                output.append(byte)
                index += 1
            } else if byte == 0x20 || byte == 0x09 {
                // Trailing whitespace before a line break is padding added in transport.
                var next = index
                while next < input.count, input[next] == 0x20 || input[next] == 0x09 { next += 1 }
                if next == input.count || input[next] == 0x0d || input[next] == 0x0a {
                    index = next
                } else {
                    output.append(contentsOf: input[index..<next])
                    index = next
                }
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Base64 with lines of 76 characters and CRLF line ends.
    public static func encodeBase64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 38 + 4)
        var lineLength = 0
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            for position in 0..<4 {
                if position <= chunk.count {
                    output.append(alphabet[Int((value >> (18 - 6 * position)) & 0x3f)])
                } else {
                    output.append(UInt8(ascii: "="))
                }
            }
            index += 3
            lineLength += 4
            if lineLength >= 76, index < bytes.count {
                output.append(contentsOf: [0x0d, 0x0a])
                lineLength = 0
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Quoted-printable for UTF-8 text: lines of at most 76 characters, CRLF line ends, `=`,
    /// control characters, non-ASCII and trailing whitespace encoded; a line "." or "From " is
    /// encoded too so no transport can mangle it.
    public static func encodeQuotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8 + 16)
        let bytes = Array(text.utf8)
        var lineLength = 0
        var lineStart = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Any line end (CRLF, LF or a lone CR) becomes CRLF.
            if byte == 0x0d || byte == 0x0a {
                if byte == 0x0d, index + 1 < bytes.count, bytes[index + 1] == 0x0a { index += 1 }
                output.append(contentsOf: [0x0d, 0x0a])
                lineLength = 0
                lineStart = true
                index += 1
                continue
            }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0x0a
            let isLast = next == 0x0d || next == 0x0a
            let needsEncoding =
                byte == UInt8(ascii: "=") || byte > 126 || (byte < 32 && byte != 0x09)
                || ((byte == 0x20 || byte == 0x09) && isLast)
                || (lineStart && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "F")))
            let width = needsEncoding ? 3 : 1
            if lineLength + width > 75 {
                output.append(contentsOf: [UInt8(ascii: "="), 0x0d, 0x0a])
                lineLength = 0
            }
            if needsEncoding {
                output.append(contentsOf: [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0xf)]])
            } else {
                output.append(byte)
            }
            lineLength += width
            lineStart = false
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    private static let base64Value: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        // URL-safe alphabet seen from some broken mailers.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()
}
