import Foundation
import Testing
import TicketdMIME

/// Replies as the common clients write them (Fixtures/replies: Gmail web, HTML-only, Android,
/// iOS, Japanese, Chinese, Russian; Outlook desktop in plain text, HTML, German and French, on the
/// web, for Mac and mobile; Lotus Notes; Zimbra;
/// Apple Mail; Thunderbird; Yahoo; Gmail in German, French, Spanish and Dutch), each with the
/// text a person newly wrote beside it (`NAME.expected`), plus the cases that must keep
/// everything: an inline answer, a reply that is only a quote, text that merely looks like
/// an attribution.
@Suite struct QuotedReplyTests {
    static let names: [String] = {
        guard let base = Bundle.module.resourceURL else { return [] }
        let folder = base.appendingPathComponent("Fixtures/replies").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
    }()

    /// Line ends and runs of blank lines as a reader sees them (HTML turned into text may put
    /// one more blank line between paragraphs than a person typed).
    static func normalized(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = String(line).replacingOccurrences(of: "\u{00A0}", with: " ")
                .trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    @Test func theFixturesAreThere() {
        #expect(Self.names.count >= 31)
    }

    @Test(arguments: names)
    func theNewTextIsWhatThePersonWrote(_ name: String) throws {
        let mail = try #require(
            Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures/replies"))
        let expectedURL = try #require(
            Bundle.module.url(forResource: name, withExtension: "expected", subdirectory: "Fixtures/replies"))
        let message = try MIMEParser().parse([UInt8](try Data(contentsOf: mail)))
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(Self.normalized(message.newText) == Self.normalized(expected), "\(name)")
        // The full text is always kept.
        #expect(message.textBody.count >= message.newText.count)
    }

    @Test(arguments: [
        ("On Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote:", true),
        ("Am 30.11.2026 um 10:02 schrieb Cindy <cindy@example.org>:", true),
        ("Le 30/11/2026 à 10:02, Cindy a écrit :", true),
        ("El 30/11/2026 a las 10:02, Cindy escribió:", true),
        ("Op 30-11-2026 om 10:02 schreef Cindy:", true),
        ("Cindy <cindy@example.org> wrote:", true),
        ("On the screen it wrote:", false),
        ("On Monday I wrote to the vendor", false),
        ("The monitor wrote:", false),
    ])
    func attributionLines(_ line: String, _ expected: Bool) {
        #expect(QuotedReply.isAttribution(line) == expected)
    }

    @Test func nothingLeftKeepsTheWholeText() {
        let text = "> only a quote\n> nothing new"
        #expect(QuotedReply.trim(text) == text)
    }

    @Test func anInlineAnswerInHTMLIsNotCut() {
        let html = "<blockquote type=\"cite\">Which ward?</blockquote><div>Ward 3.</div>"
        #expect(QuotedReply.cutHTML(html) == nil)
        let trailing = "<div>Ward 3.</div><blockquote type=\"cite\">Which ward?</blockquote>"
        #expect(QuotedReply.cutHTML(trailing) == "<div>Ward 3.</div>")
    }
}
