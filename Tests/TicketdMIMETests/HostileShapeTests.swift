import Foundation
import Testing
import TicketdMIME

/// The pathological shapes of the hostile-mail issue, each at a size where the quadratic code
/// took minutes (unclosed `<title>` at 546 KiB: 28 s; unfinished encoded words at 136 KiB: 17 s,
/// so about 4 minutes at 512 KiB).
/// Each must finish well inside a deadline that the old code could not meet; the speed itself is
/// measured by `ticketd-bench hostile`.
@Suite struct HostileShapeTests {
    static let size = 512 * 1024

    static func repeated(_ unit: String, bytes: Int = size) -> String {
        String(repeating: unit, count: max(1, bytes / unit.utf8.count))
    }

    /// Runs `body` and fails when it takes more than `limit` seconds.
    static func withinLimit<T>(_ limit: Double = 10, _ body: () throws -> T) rethrows -> T {
        let start = Date()
        let result = try body()
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < limit, "took \(elapsed) s: not linear")
        return result
    }

    @Test(arguments: [
        "<title>x", "<script>x", "<style>", "&#10;<br>", "<!--x", "<a href=x>", "<<<<", "&#10;&#10;&#10;<p>",
        "<li>", "</div>   ",
    ])
    func htmlShapesConvertInLinearTime(unit: String) throws {
        let html = Self.repeated(unit)
        let text = try Self.withinLimit { try HTMLToText.convert(html, deadline: Deadline(secondsFromNow: 20)) }
        #expect(text.utf8.count <= html.utf8.count * 2)
    }

    @Test(arguments: ["=?a?B?x", "=?", "=?utf-8?Q?", "=?utf-8?B?YQ==?= =?x", "=?utf-8?q?a?b?c?d", "?=?="])
    func unfinishedEncodedWordsDecodeInLinearTime(unit: String) {
        let value = Self.repeated(unit)
        let decoded = Self.withinLimit { EncodedWord.decode(value) }
        #expect(!decoded.isEmpty)
    }

    @Test func unfinishedEncodedWordsInDisplayNamesAndParameters() {
        let name = Self.repeated("=?a?B?x", bytes: 200 * 1024)
        let addresses = Self.withinLimit { AddressList.parse("\"\(name)\" <bob@hospital.example>") }
        #expect(addresses.first?.email == "bob@hospital.example")
        let parameters = Self.withinLimit { HeaderParameters("attachment; filename=\"\(name)\"") }
        #expect(parameters["filename"] != nil)
    }

    @Test func aWholeMailOfEachShapeParsesWithinTheDeadline() throws {
        let shapes = [
            "Subject: \(Self.repeated("=?a?B?x", bytes: 200 * 1024))\r\n\r\nbody\r\n",
            "Content-Type: text/html\r\n\r\n\(Self.repeated("<title>x"))\r\n",
            "Content-Type: text/html\r\n\r\n\(Self.repeated("&#10;<br>"))\r\n",
            "Content-Type: text/plain; name=\"\(Self.repeated("=?a?B?x", bytes: 200 * 1024))\"\r\n\r\nx\r\n",
        ]
        for shape in shapes {
            let raw = Array(("From: a@example.org\r\n" + shape).utf8)
            _ = try Self.withinLimit { try MIMEParser().parse(raw, deadline: Deadline(secondsFromNow: 20)) }
        }
    }

    @Test func aHeaderFieldPastTheCapIsRefusedWithItsName() {
        let raw = Array("From: a@example.org\r\nSubject: \(Self.repeated("x", bytes: 300 * 1024))\r\n\r\nx\r\n".utf8)
        #expect(throws: MIMEError.self) { try MIMEParser().parse(raw) }
        do {
            _ = try MIMEParser().parse(raw)
        } catch {
            #expect(error.code == .headerTooLarge)
            #expect(error.message.contains("Subject"))
        }
    }

    @Test func anExpiredDeadlineStopsTheParserWithATimeout() {
        let raw = Array("From: a@example.org\r\nContent-Type: text/html\r\n\r\n\(Self.repeated("<p>x"))".utf8)
        do {
            _ = try MIMEParser().parse(raw, deadline: Deadline(secondsFromNow: 0))
            Issue.record("a passed deadline must stop the parser")
        } catch {
            #expect(error.code == .timeout)
        }
    }
}

/// Quoted-reply trimming reads each line through a bounded window: lines shaped like
/// attributions, header fields and wrapped URLs, repeated to 512 KiB, trim in linear time.
@Suite struct HostileTrimmingTests {
    @Test(arguments: [
        "On 30.11.2026 10:02 Cindy <\ncindy@example.org> 12:30\n",
        "From: a@b.example\n> Sent: 10:02\nTo: c\n\n> x\nhttp://x/y\n",
        "> q\nanswer 1\n", "Am 1.2.2026 schrieb x@y\n", "-- reply --\n",
    ])
    func trimmingIsLinear(unit: String) {
        let text = HostileShapeTests.repeated(unit)
        let trimmed = HostileShapeTests.withinLimit { QuotedReply.trim(text) }
        #expect(!trimmed.isEmpty && trimmed.utf8.count <= text.utf8.count)
    }
}
