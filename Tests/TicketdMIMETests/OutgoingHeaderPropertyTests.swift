import Foundation
import Testing
import TicketdMIME

/// Mail we compose from hostile names and subjects, read back by an independent parser
/// (CPython's `email` package): the header set is exactly the intended one, every value decodes
/// back to what we meant (control characters as spaces), and no line passes 78 characters.
@Suite struct OutgoingHeaderPropertyTests {
    static let pieces = [
        "a" + String(repeating: "\u{301}", count: 30), "👩‍⚕️", "\u{202E}gnp.exe", "\r", "\n", "\r\n", "\u{0}",
        "\u{2028}", "\u{85}", "\"", ",", "<evil@evil.example>", "=?utf-8?q?x?=", String(repeating: "x", count: 200),
        "\t", "Dr", "Bob", "Müller", "患者", "  ", " ", "[Help Desk #7]", "?=", ";", "(", ")", "\\", "ü" + "\u{308}",
        String(repeating: "é", count: 60), "Subject: injected", "🏥",
    ]

    static func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        let count = Int.random(in: 1...8, using: &generator)
        return (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined(
            separator: Bool.random(using: &generator) ? " " : "")
    }

    /// What a reader should see: control and line-breaking characters as spaces, white space runs
    /// as one (a phrase's spacing is not kept by every parser), no white space at either end.
    static func normalized(_ text: String) -> String {
        EncodedWord.sanitize(text).split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    @Test func randomHostileNamesAndSubjectsSurviveAnIndependentParser() throws {
        let script = try #require(
            Bundle.module.url(forResource: "read_headers", withExtension: "py", subdirectory: "Fixtures"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ticketd-headers-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SystemRandomNumberGenerator()
        var cases: [(name: String, subject: String, autoSubmitted: Bool)] = []
        var paths: [String] = []
        // The reported shapes first: a long combining sequence (once an empty encoded word and a
        // bare CRLF in the Subject), a name that reads as a second address.
        let combining = "a" + String(repeating: "\u{301}", count: 30)
        let fixed = [
            (combining, combining), ("=?x <evil@evil.example>, Dr Bob", "[Help Desk #7] " + combining),
            ("Dr Bob\r\nBcc: evil@evil.example", "x\r\nBcc: evil@evil.example"),
        ]
        for index in 0..<300 {
            let name = index < fixed.count ? fixed[index].0 : Self.randomText(&generator)
            let subject = index < fixed.count ? fixed[index].1 : Self.randomText(&generator)
            let automatic = Bool.random(using: &generator)
            let mail = OutgoingMessage(
                from: MailAddress(name: "Help Desk", email: "support@example.org"),
                to: [MailAddress(name: name, email: "bob@hospital.example")], subject: subject,
                messageID: "m\(index)@example.org", date: Date(timeIntervalSince1970: 1_800_000_000), body: "body",
                replyTo: MailAddress(name: "Help Desk", email: "support@example.org"), inReplyTo: "in\(index)@x",
                references: ["r\(index)@x"], autoSubmitted: automatic ? "auto-replied" : nil)
            let path = directory.appendingPathComponent("\(index).eml").path
            try Data(mail.render()).write(to: URL(fileURLWithPath: path))
            cases.append((name, subject, automatic))
            paths.append(path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + paths
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == cases.count)
        for (line, expected) in zip(lines, cases) {
            let read = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            var names = ["Date", "From", "To", "Reply-To", "Subject", "Message-ID", "In-Reply-To", "References"]
            if expected.autoSubmitted { names += ["Auto-Submitted", "X-Auto-Response-Suppress"] }
            names += ["MIME-Version", "Content-Type", "Content-Transfer-Encoding"]
            let context = "name \(expected.name.debugDescription), subject \(expected.subject.debugDescription)"
            #expect(read["names"] as? [String] == names, "\(context)")
            #expect((read["longest_line"] as? Int ?? 999) <= 78, "\(context)")
            #expect(read["bare_lf"] as? Bool == false, "\(context)")
            #expect(
                Self.normalized(read["subject"] as? String ?? "") == Self.normalized(expected.subject), "\(context)")
            let to = read["to"] as? [[String]] ?? []
            #expect(to.count == 1, "\(context)")
            #expect(to.first?.last == "bob@hospital.example", "\(context)")
            let displayNames = read["to_names"] as? [String] ?? []
            #expect(displayNames.count == 1, "\(context)")
            #expect(Self.normalized(displayNames.first ?? "") == Self.normalized(expected.name), "\(context)")
            #expect((read["defects"] as? [String] ?? ["?"]).isEmpty, "\(context): \(read["defects"] ?? "")")
        }
    }
}
