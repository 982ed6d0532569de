import Foundation
import Testing
import TicketdMIME

/// Stored text is the decoded text whole: NUL and other C0 controls become U+FFFD, never a cut.
@Suite struct NothingCutTests {
    static func parse(_ text: String) throws -> ParsedMessage { try MIMEParser().parse(Array(text.utf8)) }

    @Test func nulInQuotedPrintableIsReplacedNotCut() throws {
        let message = try Self.parse(
            "From: a@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Patient allergic to X=00 penicillin.\r\nKeep this line.\r\n")
        #expect(message.textBody == "Patient allergic to X\u{FFFD} penicillin.\nKeep this line.")
    }

    @Test func nulAndEscapeInBase64AreReplacedNotCut() throws {
        let text = Array("Dose 5 mg\u{0}\u{1B}[2J then 10 mg\r\nEnd.".utf8)
        let message = try Self.parse(
            "From: a@example.org\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + TransferEncoding.encodeBase64(text) + "\r\n")
        #expect(message.textBody == "Dose 5 mg\u{FFFD}\u{FFFD}[2J then 10 mg\nEnd.")
    }

    @Test(arguments: [true, false])
    func undeclaredUTF16IsReadAsUTF16(littleEndian: Bool) throws {
        let text = "Patient Müller, bed 12"
        var bytes: [UInt8] = []
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += littleEndian ? pair : pair.reversed()
        }
        let head = Array("From: a@example.org\r\nContent-Type: text/plain\r\n\r\n".utf8)
        let message = try MIMEParser().parse(head + bytes)
        #expect(message.textBody == text)
        #expect(!message.notes.isEmpty)
    }

    @Test func aLoneCarriageReturnIsALineBreakAndFormFeedIsMarked() throws {
        let message = try Self.parse("From: a@example.org\r\n\r\none\rtwo\u{0C}three\r\n")
        #expect(message.textBody == "one\ntwo\u{FFFD}three")
    }

    @Test func terminalOutputEscapesEscapeC1AndBidi() {
        let shown = ControlCharacters.escapedForTerminal("a\u{1B}[31mred\u{9B}b\u{202E}cba\tok\nnext")
        #expect(shown == "a\\u{1B}[31mred\\u{9B}b\\u{202E}cba\tok\nnext")
    }
}
