import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdStore

@testable import TicketdServices

/// Problems in-process: `#match` steering auto-linking, `#unlink` of a wrong match, a reopened
/// child staying linked with the problem's trail saying so, refused commands outside a problem,
/// and the SMS template's length.
@Suite struct ProblemTests {
    static let proof = AnalystMailTests.proof

    static func intake() throws -> InProcessIntake {
        try InProcessIntake(
            extraYAML: "groups:\n  payroll-managers: [carl@clinic.example]\nproblems: { storm: { tickets: 0 } }\n",
            analysts: AnalystMailTests.analysts)
    }

    static func analyst(_ id: String, ticket: Int64, body: String) -> String {
        "\(proof)\nFrom: Marsha <marsha@example.org>\nTo: support@example.org\n"
            + "Subject: Re: [Help Desk #\(ticket)] x\nMessage-ID: <\(id)@example.org>\n\n\(body)\n"
    }

    static func user(_ id: String, _ from: String, subject: String, body: String = "It fails.") -> String {
        "From: \(from)\nTo: support@example.org\nSubject: \(subject)\nMessage-ID: <\(id)@clinic.example>\n\n\(body)\n"
    }

    @Test func matchUnlinkAndAReopenedChild() throws {
        let desk = try Self.intake()
        try desk.take(Self.user("u1", "keisha@clinic.example", subject: "Payroll will not start"))
        try desk.take(Self.analyst("p1", ticket: 1, body: "#problem Payroll outage"))
        let problem: Int64 = 2
        #expect(try desk.ticket(1)?.parent == problem)
        // #match narrows what links: "kronos" must appear.
        try desk.take(Self.analyst("m1", ticket: problem, body: "#match kronos"))
        try desk.take(Self.user("u2", "nora@clinic.example", subject: "Payroll outage?"))
        #expect(try desk.ticket(3)?.parent == nil)
        try desk.take(Self.user("u3", "bob@clinic.example", subject: "Kronos will not open"))
        #expect(try desk.ticket(4)?.parent == problem)
        let ack = try #require(try desk.queuedMails().first { $0.recipients == ["bob@clinic.example"] })
        #expect(try MIMEParser().parse(ack.raw).textBody.contains("known outage"))
        // A wrong match is unlinked by its analyst.
        try desk.take(Self.analyst("x1", ticket: 4, body: "#unlink"))
        #expect(try desk.ticket(4)?.parent == nil)
        // Resolving the problem resolves #1; Keisha's reply reopens it, still linked, and the problem says so.
        try desk.take(Self.analyst("r1", ticket: problem, body: "#resolve\nFixed."))
        #expect(try desk.ticket(1)?.status == .resolved)
        try desk.take(
            Self.user("u4", "keisha@clinic.example", subject: "Re: [Help Desk #1] Payroll", body: "Again broken."))
        #expect(try desk.ticket(1)?.status == .open)
        #expect(try desk.ticket(1)?.parent == problem)
        #expect(try desk.ticket(problem)?.events?.contains { $0.detail.contains("child #1 reopened") } == true)
    }

    @Test func problemCommandsOutsideAProblemAreRefused() throws {
        let desk = try Self.intake()
        try desk.take(Self.user("u1", "keisha@clinic.example", subject: "Payroll"))
        try desk.take(Self.analyst("b1", ticket: 1, body: "#broadcast payroll-managers\nHello"))
        #expect(try desk.queuedMails().last?.kind == "command-error")
        try desk.take(Self.analyst("b2", ticket: 1, body: "#problem Payroll outage"))
        try desk.take(Self.analyst("b3", ticket: 2, body: "#broadcast nurses\nHello"))
        let error = try #require(try desk.queuedMails().last)
        #expect(error.kind == "command-error")
        #expect(String(decoding: error.raw, as: UTF8.self).contains("unknown group"))
    }

    @Test func theBuiltInTextMessageFitsOneSMS() throws {
        let library = try TemplateLibrary(directory: nil)
        let context = BroadcastContext(
            notice: .outageShort, problemNumber: 123_456, tag: "[Help Desk #123456]",
            title: "Payroll and scheduling cannot connect to the database", text: "", deskName: "Help Desk",
            supportAddress: "support@example.org")
        let body = try library.render(context).body.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(body.count <= BroadcastContext.shortLimit)
    }
}
