import Foundation
import PropertyBased
import Testing
import TicketdMIME

@Suite struct EncodingTests {
    /// Random text over the Basic Multilingual Plane below the surrogates, control characters included.
    static let character = Gen<UnicodeScalar>.unicodeScalar(in: "\u{0}"..."\u{D7FF}").map(Character.init)

    @Test(arguments: [
        ("=?UTF-8?B?SGVsbG8=?=", "Hello"),
        ("=?iso-8859-1?q?caf=E9?=", "café"),
        ("=?UTF-8?Q?a_b?= =?UTF-8?Q?_c?=", "a b c"),
        ("=?UTF-8?Q?a?= plain =?UTF-8?Q?b?=", "a plain b"),
        ("=?windows-1252?Q?=80?=", "€"),
        ("=?KOI8-R?B?8NLJ18XU?=", "Привет"),
        ("=?utf-8*en?Q?lang?=", "lang"),
        ("=?bogus?Q?x", "=?bogus?Q?x"),
        ("=?UTF-8?Q?line=0Abreak?=", "line break"),
        ("no encoding", "no encoding"),
    ])
    func encodedWordsDecode(input: String, expected: String) {
        #expect(EncodedWord.decode(input) == expected)
    }

    @Test(arguments: [
        ("attachment; filename=\"a b.txt\"", "filename", "a b.txt"),
        ("attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf", "filename", "€ rates.pdf"),
        ("text/plain; charset=\"ISO-8859-1\"; format=flowed", "charset", "ISO-8859-1"),
        ("attachment; filename*0=\"long\"; filename*1=\"name.txt\"", "filename", "longname.txt"),
        ("attachment; filename=\"=?UTF-8?B?w6TDtsO8LnR4dA==?=\"", "filename", "äöü.txt"),
    ])
    func headerParametersDecode(header: String, name: String, expected: String) {
        #expect(HeaderParameters(header)[name] == expected)
    }

    @Test(arguments: [
        ("\"Smith, Jane\" <JANE@Example.ORG>", [MailAddress(name: "Smith, Jane", email: "jane@example.org")]),
        ("a@example.org (Alice A.)", [MailAddress(name: "Alice A.", email: "a@example.org")]),
        (
            "team: a@example.org, b@example.org;, c@example.org",
            [
                MailAddress(email: "a@example.org"), MailAddress(email: "b@example.org"),
                MailAddress(email: "c@example.org"),
            ]
        ),
        ("undisclosed-recipients:;", []),
        ("<@relay.example:x@example.org>", [MailAddress(email: "x@example.org")]),
        ("Nobody <no-at-sign>", []),
    ])
    func addressListsParse(header: String, expected: [MailAddress]) {
        #expect(AddressList.parse(header) == expected)
    }

    @Test func quotedPrintableDecodesSoftBreaksAndKeepsBrokenEscapes() {
        let input = Array("caf=E9 =\r\nau lait=3D=ZZ \r\nend".utf8)
        #expect(
            TransferEncoding.decodeQuotedPrintable(input)
                == [UInt8]("caf\u{E9} au lait==ZZ\r\nend".unicodeScalars.map { UInt8($0.value) }))
    }

    @Test func base64SkipsJunkAndPartialGroups() {
        #expect(TransferEncoding.decodeBase64(Array("SGVs\r\nbG8*gd29y!bGQ=".utf8)) == Array("Hello world".utf8))
    }

    /// CRLF and lone CR as LF, scalar by scalar (String's character-level replacing treats a CR
    /// followed by a combining mark as one character and leaves it alone).
    static func unixLineEnds(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            scalars.append(scalar == "\r" ? "\n" : scalar)
        }
        return String(scalars)
    }

    @Test func quotedPrintableRoundTrips() async {
        await propertyCheck(input: Self.character.string(of: 0...300)) { text in
            let normalized = Self.unixLineEnds(text)
            let encoded = TransferEncoding.encodeQuotedPrintable(normalized)
            #expect(
                encoded.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 76 })
            let decoded = String(decoding: TransferEncoding.decodeQuotedPrintable(Array(encoded.utf8)), as: UTF8.self)
            #expect(Self.unixLineEnds(decoded) == normalized)
        }
    }

    @Test func base64RoundTrips() async {
        await propertyCheck(input: Gen<UInt8>.value(in: 0...255).array(of: 0...500)) { bytes in
            #expect(TransferEncoding.decodeBase64(Array(TransferEncoding.encodeBase64(bytes).utf8)) == bytes)
        }
    }

    @Test func encodedHeadersRoundTripWithoutControlCharacters() async {
        await propertyCheck(input: Self.character.string(of: 0...120)) { text in
            let encoded = EncodedWord.encodeIfNeeded(text)
            #expect(!encoded.contains("\r") && !encoded.contains("\n"))
            #expect(encoded.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(EncodedWord.decode(encoded) == EncodedWord.decode(EncodedWord.sanitize(text)))
        }
    }
}
