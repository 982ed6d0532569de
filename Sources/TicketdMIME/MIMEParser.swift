import Foundation

/// Parses raw RFC 5322 bytes into a MIME tree (RFC 2045/2046), tolerating the damage real mail
/// carries: LF-only line ends, missing close delimiters, junk before the first boundary, header
/// lines without a colon, an mbox `From ` line on top.
public struct MIMEParser: Sendable {
    public var limits: MIMELimits

    public init(limits: MIMELimits = MIMELimits()) {
        self.limits = limits
    }

    /// Parses a whole message. Throws when the bytes are not mail at all (empty, no header
    /// field), exceed the limits, or take past `deadline`; everything else is parsed as well as
    /// it can be. Time is linear in the size of the message (times its nesting depth).
    public func parse(_ raw: [UInt8], deadline: Deadline? = nil) throws(MIMEError) -> ParsedMessage {
        guard raw.contains(where: { $0 != 0x0d && $0 != 0x0a && $0 != 0x20 && $0 != 0x09 }) else {
            throw MIMEError(.empty, "the message is empty")
        }
        var partCount = 0
        let root = try parsePart(
            raw, range: 0..<raw.count, depth: 0, partCount: &partCount, deadline: deadline, isTopLevel: true)
        guard !root.headers.fields.isEmpty else {
            throw MIMEError(.noHeaders, "the message has no header fields; it is not an RFC 5322 message")
        }
        return try ParsedMessage(raw: raw, root: root, deadline: deadline)
    }

    private func parsePart(
        _ raw: [UInt8], range: Range<Int>, depth: Int, partCount: inout Int, deadline: Deadline?,
        isTopLevel: Bool = false, defaultType: String = "text/plain"
    ) throws(MIMEError) -> MIMEPart {
        partCount += 1
        guard partCount <= limits.maxParts else {
            throw MIMEError(.tooManyParts, "the message has more than \(limits.maxParts) MIME parts")
        }
        guard depth <= limits.maxDepth else {
            throw MIMEError(.tooDeep, "the message nests MIME parts deeper than \(limits.maxDepth) levels")
        }
        try deadline?.check("reading MIME parts")
        let (headers, bodyStart) = try Self.parseHeaders(raw, range: range, skipMboxLine: isTopLevel, limits: limits)
        let contentType = HeaderParameters(headers.raw("Content-Type") ?? defaultType)
        let effectiveType = contentType.value.contains("/") ? contentType : HeaderParameters(defaultType)
        var part = MIMEPart(
            headers: headers,
            contentType: effectiveType,
            disposition: headers.raw("Content-Disposition").map(HeaderParameters.init),
            transferEncoding: TransferEncoding(headerValue: headers.raw("Content-Transfer-Encoding")),
            bodyRange: bodyStart..<range.upperBound,
            children: []
        )
        if part.isMultipart, let boundary = effectiveType["boundary"], !boundary.isEmpty {
            let childDefault = part.mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
            for childRange in Self.splitMultipart(raw, range: part.bodyRange, boundary: boundary) {
                part.children.append(
                    try parsePart(
                        raw, range: childRange, depth: depth + 1, partCount: &partCount, deadline: deadline,
                        defaultType: childDefault))
            }
            if part.children.isEmpty {
                // A multipart without any delimiter: read its body as text rather than lose it.
                part.contentType = HeaderParameters("text/plain")
            }
        } else if part.isMultipart {
            part.contentType = HeaderParameters("text/plain")
        }
        return part
    }

    /// Splits the header block off `range`: returns the unfolded fields and where the body begins.
    /// A field or block past the limits throws: such a header is an attack or a broken mailer,
    /// and is quarantined rather than carried through every later step.
    public static func parseHeaders(
        _ raw: [UInt8], range: Range<Int>, skipMboxLine: Bool, limits: MIMELimits = MIMELimits()
    ) throws(MIMEError) -> (MessageHeaders, Int) {
        var headers = MessageHeaders()
        var lineStart = range.lowerBound
        var currentName: String?
        var currentValue: [UInt8] = []
        var isFirstLine = true

        func flush() {
            if let name = currentName {
                let value = Charset.decode(currentValue, charset: nil).text.trimmingCharacters(in: .whitespaces)
                headers.append(HeaderField(name: name, rawValue: value))
            }
            currentName = nil
            currentValue = []
        }

        while lineStart < range.upperBound {
            var lineEnd = lineStart
            while lineEnd < range.upperBound, raw[lineEnd] != 0x0a { lineEnd += 1 }
            let next = min(lineEnd + 1, range.upperBound)
            var contentEnd = lineEnd
            if contentEnd > lineStart, raw[contentEnd - 1] == 0x0d { contentEnd -= 1 }
            let line = raw[lineStart..<contentEnd]
            defer { isFirstLine = false }
            if lineStart - range.lowerBound > limits.maxHeaderBlockBytes {
                throw MIMEError(
                    .headerTooLarge, "the header block is larger than \(limits.maxHeaderBlockBytes) bytes")
            }
            let isContinuation = line.first == 0x20 || line.first == 0x09
            if line.count + (isContinuation ? currentValue.count : 0) > limits.maxHeaderFieldBytes {
                let name =
                    isContinuation
                    ? currentName ?? ""
                    : String(decoding: line.prefix { $0 != UInt8(ascii: ":") }.prefix(40), as: UTF8.self)
                throw MIMEError(
                    .headerTooLarge,
                    "header field \(EncodedWord.sanitize(String(name.prefix(40)))) is larger than \(limits.maxHeaderFieldBytes) bytes"
                )
            }
            if line.isEmpty {
                flush()
                return (headers, next)
            }
            if isFirstLine, skipMboxLine, line.starts(with: Array("From ".utf8)) {
                lineStart = next
                continue
            }
            if let first = line.first, first == 0x20 || first == 0x09 {
                if currentName != nil {
                    currentValue.append(0x20)
                    currentValue.append(contentsOf: line.drop { $0 == 0x20 || $0 == 0x09 })
                }
                lineStart = next
                continue
            }
            if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                line[line.startIndex..<colon].allSatisfy({ $0 > 32 && $0 < 127 })
            {
                flush()
                currentName = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
                currentValue = Array(line[(colon + 1)...])
                lineStart = next
                continue
            }
            // Not a header line: the header block ended without its blank line.
            flush()
            return (headers, lineStart)
        }
        flush()
        return (headers, range.upperBound)
    }

    /// The ranges of the body parts between `--boundary` delimiter lines (RFC 2046 §5.1.1).
    /// The line break before a delimiter belongs to the delimiter.
    public static func splitMultipart(_ raw: [UInt8], range: Range<Int>, boundary: String) -> [Range<Int>] {
        let delimiter = Array(("--" + boundary).utf8)
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            var lineEnd = lineStart
            while lineEnd < range.upperBound, raw[lineEnd] != 0x0a { lineEnd += 1 }
            let next = min(lineEnd + 1, range.upperBound)
            if raw[lineStart] == UInt8(ascii: "-"), lineEnd - lineStart >= delimiter.count,
                raw[lineStart..<(lineStart + delimiter.count)].elementsEqual(delimiter)
            {
                var rest = raw[(lineStart + delimiter.count)..<lineEnd]
                let isClose = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
                if isClose { rest = rest.dropFirst(2) }
                if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) {
                    if let start = partStart {
                        var end = lineStart
                        if end > start, raw[end - 1] == 0x0a { end -= 1 }
                        if end > start, raw[end - 1] == 0x0d { end -= 1 }
                        ranges.append(start..<max(start, end))
                    }
                    if isClose { return ranges }
                    partStart = next
                }
            }
            lineStart = next
        }
        // No close delimiter: the last part runs to the end.
        if let start = partStart { ranges.append(start..<range.upperBound) }
        return ranges
    }
}
