import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns bytes in a named charset into a Swift string, never failing.
///
/// Conversion goes through the C library's iconv, which on glibc knows every charset seen in
/// real mail (ISO-8859-*, Windows-125*, KOI8-R, GBK/GB18030, Big5, Shift_JIS, ISO-2022-JP, ...).
/// An unknown or lying charset falls back to UTF-8 (if the bytes are valid UTF-8) or
/// Windows-1252 and says so in `note`: a help desk must show the text, not reject the mail.
public enum Charset {
    /// The result of a decode: the text and, when a fallback was used, why.
    public struct Decoded: Sendable, Equatable {
        public var text: String
        public var note: String?
    }

    /// Decodes `bytes` declared as `charset` (nil: undeclared, so UTF-8 or else Windows-1252).
    public static func decode<Bytes: Collection>(_ bytes: Bytes, charset: String?) -> Decoded
    where Bytes.Element == UInt8 {
        let name = canonicalName(charset)
        switch name {
        case nil, "US-ASCII", "UTF-8":
            if let utf16 = undeclaredUTF16(bytes), name != "UTF-8" || utf16.hasBOM,
                let text = convert(Array(bytes), from: utf16.charset)
            {
                return Decoded(text: text, note: "text without a declared charset read as \(utf16.charset)")
            }
            if let text = String(validating: bytes, as: UTF8.self) {
                return Decoded(text: text, note: nil)
            }
            let fallback = convert(Array(bytes), from: "WINDOWS-1252") ?? String(decoding: bytes, as: UTF8.self)
            let note = name == nil ? nil : "text declared \(charset ?? "") is not valid; read as Windows-1252"
            return Decoded(text: fallback, note: note)
        case "ISO-8859-1":
            return Decoded(text: String(bytes.map { Character(Unicode.Scalar($0)) }), note: nil)
        case let name?:
            if let text = convert(Array(bytes), from: name) {
                return Decoded(text: text, note: nil)
            }
            var fallback = decode(bytes, charset: nil)
            fallback.note = "unknown or invalid charset \"\(charset ?? "")\"; read as UTF-8/Windows-1252"
            return fallback
        }
    }

    /// UTF-16 that was not declared: a byte-order mark, or a zero byte in every other place (as
    /// ASCII text in UTF-16 has). Read as UTF-8 it would be text with a NUL between letters.
    static func undeclaredUTF16<Bytes: Collection>(_ bytes: Bytes) -> (charset: String, hasBOM: Bool)?
    where Bytes.Element == UInt8 {
        guard bytes.count >= 2 else { return nil }
        let first = bytes[bytes.startIndex]
        let second = bytes[bytes.index(after: bytes.startIndex)]
        if first == 0xFF && second == 0xFE { return ("UTF-16", true) }
        if first == 0xFE && second == 0xFF { return ("UTF-16", true) }
        guard bytes.count >= 8 else { return nil }
        var zeroAtEven = 0
        var zeroAtOdd = 0
        var pairs = 0
        var even = true
        for byte in bytes.prefix(4096) {
            if byte == 0 {
                if even { zeroAtEven += 1 } else { zeroAtOdd += 1 }
            }
            if !even { pairs += 1 }
            even.toggle()
        }
        if zeroAtOdd * 10 >= pairs * 7 && zeroAtEven * 10 < pairs { return ("UTF-16LE", false) }
        if zeroAtEven * 10 >= pairs * 7 && zeroAtOdd * 10 < pairs { return ("UTF-16BE", false) }
        return nil
    }

    /// Maps the names mail uses to the names iconv knows; nil means "undeclared".
    static func canonicalName(_ charset: String?) -> String? {
        guard var name = charset?.trimmingCharacters(in: .whitespaces).uppercased(), !name.isEmpty else {
            return nil
        }
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        switch name {
        case "UTF8", "UTF-8", "X-UTF8": return "UTF-8"
        case "ASCII", "US-ASCII", "ANSI_X3.4-1968", "DEFAULT", "X-UNKNOWN", "UNKNOWN-8BIT": return "US-ASCII"
        case "LATIN1", "ISO8859-1", "ISO-8859-1", "ISO_8859-1": return "ISO-8859-1"
        case "GB2312", "EUC-CN", "X-GBK", "CP936": return "GB18030"
        case "KS_C_5601-1987", "KS_C_5601", "EUC-KR": return "CP949"
        case "ISO-8859-8-I": return "ISO-8859-8"
        case "UNICODE-1-1-UTF-7": return "UTF-7"
        case "X-SJIS", "SJIS", "SHIFT-JIS", "MS_KANJI": return "CP932"
        case "SHIFT_JIS": return "CP932"
        case "BIG5", "BIG-5", "X-X-BIG5": return "BIG5-HKSCS"
        default: return name
        }
    }

    private static func convert(_ input: [UInt8], from charset: String) -> String? {
        let converter = iconv_open("UTF-8", charset)
        if converter == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var source = input
        let produced: Int? = source.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                while inLeft > 0 {
                    if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                        // (size_t)-1: an invalid or incomplete sequence; skip one byte, mark it.
                        guard errno == EILSEQ || errno == EINVAL, outLeft >= 3 else { return nil }
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                        for byte: UInt8 in [0xEF, 0xBF, 0xBD] {
                            outPointer?.pointee = CChar(bitPattern: byte)
                            outPointer = outPointer.map { $0 + 1 }
                        }
                        outLeft -= 3
                    }
                }
                // Flush a stateful encoding (ISO-2022-JP) back to its initial state.
                _ = iconv(converter, nil, nil, &outPointer, &outLeft)
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(decoding: output[0..<produced], as: UTF8.self)
    }
}
