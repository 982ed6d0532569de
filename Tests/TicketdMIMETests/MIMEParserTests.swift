import Foundation
import Testing
import TicketdMIME

@Suite struct MIMEParserTests {
    static func parse(_ text: String) throws -> ParsedMessage { try MIMEParser().parse(Array(text.utf8)) }

    @Test(arguments: [
        ("", MIMEError.Code.empty),
        ("\r\n\r\n  \r\n", .empty),
        ("\r\n\r\nbody without any header\r\n", .noHeaders),
    ])
    func notMailIsRejectedWithAReason(text: String, code: MIMEError.Code) {
        let error = #expect(throws: MIMEError.self) { try Self.parse(text) }
        #expect(error?.code == code)
    }

    @Test func nestingBeyondTheLimitIsRejected() throws {
        var text = "From: a@example.org\r\nSubject: deep\r\n"
        for level in 0..<8 {
            text += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\r\n\r\n--b\(level)\r\n"
        }
        text += "Content-Type: text/plain\r\n\r\ninner\r\n"
        #expect(throws: MIMEError.self) { try MIMEParser(limits: MIMELimits(maxDepth: 5)).parse(Array(text.utf8)) }
        let message = try MIMEParser().parse(Array(text.utf8))
        #expect(message.textBody == "inner")
    }

    @Test func tooManyPartsAreRejected() {
        var text = "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
        for index in 0..<20 { text += "--x\r\n\r\npart \(index)\r\n" }
        text += "--x--\r\n"
        #expect(throws: MIMEError.self) { try MIMEParser(limits: MIMELimits(maxParts: 10)).parse(Array(text.utf8)) }
    }

    @Test func synthesisedMessageIDIsStableForTheSameBytes() throws {
        let text = "From: a@example.org\r\nSubject: no id\r\n\r\nbody\r\n"
        let first = try Self.parse(text)
        let second = try Self.parse(text)
        #expect(first.hasSynthesizedMessageID)
        #expect(first.messageID == second.messageID)
        #expect(try Self.parse(text + "more").messageID != first.messageID)
    }

    @Test func referencesAndInReplyToAreParsed() throws {
        let message = try Self.parse(
            "From: a@example.org\r\nMessage-ID: <m1@x>\r\nIn-Reply-To: <p@x> (comment)\r\n"
                + "References: <r1@x>\r\n <r2@x>\r\n\r\nbody\r\n")
        #expect(message.messageID == "m1@x")
        #expect(message.inReplyTo == ["p@x"])
        #expect(message.references == ["r1@x", "r2@x"])
    }

    @Test func htmlOnlyMailBecomesTextWithoutScriptsOrStyles() throws {
        let message = try Self.parse(
            "From: a@example.org\r\nContent-Type: text/html\r\n\r\n<html><head><title>T</title><style>x{}</style></head>"
                + "<body><script>alert(1)</script><p>Hello &amp; welcome</p><ul><li>one</li><li>two</li></ul>"
                + "<a href=\"https://example.org/kb\">KB</a></body></html>")
        #expect(message.textBody == "Hello & welcome\n\n- one\n- two\n\nKB <https://example.org/kb>")
    }

    @Test func mboxFromLineAndHeaderWithoutBlankLineAreTolerated() throws {
        let message = try Self.parse(
            "From someone Mon Nov 23 2026\nFrom: a@example.org\nSubject: s\nbody starts here\n")
        #expect(message.subject == "s")
        #expect(message.textBody == "body starts here")
    }

    @Test func forwardedMessageIsKeptAsAnAttachment() throws {
        let message = try Self.parse(
            "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\n\r\nsee below\r\n"
                + "--o\r\nContent-Type: message/rfc822\r\n\r\nFrom: b@example.org\r\nSubject: inner\r\n\r\ninner body\r\n--o--\r\n"
        )
        #expect(message.textBody == "see below")
        #expect(message.attachments.map(\.filename) == ["forwarded-message.eml"])
        #expect(message.attachments.first?.contentType == "message/rfc822")
    }

    @Test func deliveryStatusNotificationIsRecognised() throws {
        let message = try Self.parse(
            "From: MAILER-DAEMON@example.org\r\nSubject: Undelivered Mail\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n--r\r\n\r\nfailed\r\n--r--\r\n"
        )
        #expect(BounceDetector.isBounce(message))
        #expect(try !BounceDetector.isBounce(Self.parse("From: a@example.org\r\n\r\nhi\r\n")))
    }
}
