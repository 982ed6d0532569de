import Foundation
import Testing
import TicketdMIME

/// The MIME corpus under Fixtures/: RFC examples and known traps, each with its expected result.
@Suite struct FixtureCorpusTests {
    static func load(_ name: String) throws -> ParsedMessage {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures"))
        return try MIMEParser().parse([UInt8](try Data(contentsOf: url)))
    }

    @Test func rfc2047ExampleDecodesNamesAndSubjectAcrossCharsets() throws {
        let message = try Self.load("rfc2047-example")
        #expect(message.from == MailAddress(name: "Keith Moore", email: "moore@cs.utk.edu"))
        #expect(message.to.first?.name == "Keld Jørn Simonsen")
        #expect(message.cc.first?.name == "André Pirard")
        #expect(message.cc.first?.email == "pirard@vm1.ulg.ac.be")
        #expect(message.subject == "If you can read this you understand the example.")
        #expect(message.textBody == "This is the RFC 2047 example message.")
    }

    @Test func rfc2046MultipartIgnoresPreambleAndEpilogue() throws {
        let message = try Self.load("rfc2046-multipart")
        #expect(message.root.children.count == 2)
        #expect(
            message.textBody
                == "This is implicitly typed plain US-ASCII text.\nIt does NOT end with a linebreak.\n\n"
                + "This is explicitly typed plain US-ASCII text.\nIt DOES end with a linebreak.")
        #expect(!message.textBody.contains("preamble"))
        #expect(!message.textBody.contains("epilogue"))
        #expect(message.hasSynthesizedMessageID)
        #expect(message.attachments.isEmpty)
    }

    @Test func lfOnlyMailWithoutCloseDelimiterKeepsRFC2231NameAndSkipsBase64Junk() throws {
        let message = try Self.load("lf-only-unterminated")
        #expect(message.textBody == "body with LF line ends")
        let attachment = try #require(message.attachments.first)
        #expect(attachment.filename == "Befund Müller.pdf")
        #expect(attachment.contentType == "application/pdf")
        #expect(message.data(of: attachment) == Array("%PDF-1.4\n".utf8))
    }

    @Test func formatFlowedIsUnwrappedKeepingQuotes() throws {
        let message = try Self.load("format-flowed")
        #expect(message.from == MailAddress(name: "Doe, John (IT)", email: "john@example.org"))
        #expect(message.to.isEmpty)
        #expect(
            message.textBody
                == "This is a long line that was wrapped by the sender with format flowed.\n"
                + "> quoted text that is also flowed\nNew paragraph.")
    }

    @Test func encodedCRLFNeverReachesANameOrSubject() throws {
        let message = try Self.load("header-injection")
        let name = try #require(message.from?.name)
        #expect(!name.contains("\r") && !name.contains("\n"))
        #expect(!message.subject.contains("\r") && !message.subject.contains("\n"))
        #expect(message.from?.email == "attacker@example.org")
        let reply = OutgoingMessage(
            from: MailAddress(name: "Help Desk", email: "support@example.org"), to: [message.from!],
            subject: "Re: " + message.subject, messageID: "x@example.org", date: Date(timeIntervalSince1970: 0),
            body: "ok")
        let lines = String(decoding: reply.render(), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(!lines.contains { $0.lowercased().hasPrefix("bcc:") })
    }

    @Test func cjkCharsetsDecodeAndUnknownCharsetFallsBackWithANote() throws {
        let message = try Self.load("cjk-charsets")
        #expect(message.from?.name == "サイト")
        #expect(message.subject == "テスト中文中文")
        #expect(message.textBody == "plain ascii body")
        #expect(message.notes.contains { $0.contains("x-unknown-charset") })
    }

    @Test func undeclaredEightBitTextIsReadAsWindows1252() throws {
        let message = try Self.load("undeclared-8bit")
        #expect(message.textBody == "Café au lait à la cantine")
    }
}
