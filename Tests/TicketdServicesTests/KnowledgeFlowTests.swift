import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdTestSupport

/// Self-service end to end through a real Dovecot and SMTP server: Cindy resolves Keisha's VPN
/// ticket with `#kb`; Keisha's resolved notice asks for a rating and her "5" is recorded, not
/// relayed; Nora's later VPN ticket is offered the article in its acknowledgement, an unrelated
/// ticket is not; Nora's "solved" resolves hers as self-service (no resolved notice, the analysts
/// told); the report counts both.
@Suite(.serialized) struct KnowledgeFlowTests {
    static let keisha = "keisha@clinic.example"
    static let nora = "nora@clinic.example"

    static func userMail(_ from: String, id: String, subject: String, body: String) -> String {
        "From: \(from)\nTo: Help Desk <support@example.org>\nSubject: \(subject)\nMessage-ID: <\(id)@clinic.example>\n\n"
            + body + "\n"
    }

    @Test func anArticleWrittenByReplyHelpsTheNextUser() throws {
        let harness = try MailFlowHarness(extraYAML: DayInTheLifeTests.extraYAML, analysts: DayInTheLifeTests.analysts)
        defer { harness.stop() }
        try harness.deliver(
            Self.userMail(
                Self.keisha, id: "k1", subject: "VPN disconnects every few minutes",
                body: "Since this morning the VPN drops every few minutes."))
        try harness.poll()

        var mark = harness.smtp.received().count
        try harness.deliver(
            DayInTheLifeTests.analystMail(
                "cindy", id: "cindy-1", subject: "Re: [Help Desk #1] VPN disconnects every few minutes",
                body: """
                    #resolve
                    #kb VPN disconnects every few minutes
                    Open the VPN client settings, turn off "switch networks automatically" and reconnect.

                    On Mon, Nov 30, 2026 at 10:02 AM Keisha <keisha@clinic.example> wrote:
                    > Since this morning the VPN drops every few minutes.
                    """))
        try harness.poll()
        #expect(try harness.ticket(1)?.status == .resolved)
        let toKeisha = try DayInTheLifeTests.newMail(harness, to: Self.keisha, after: mark)
        let resolved = try #require(toKeisha.last)
        #expect(resolved.textBody.contains("number from 1 (poor) to 5"))
        #expect(toKeisha.contains { $0.textBody.contains("switch networks automatically") })

        // Her rating is recorded; nobody hears of it; the ticket stays resolved.
        mark = harness.smtp.received().count
        try harness.deliver(
            Self.userMail(
                Self.keisha, id: "k2", subject: "Re: [Help Desk #1] VPN disconnects every few minutes",
                body: "5 - works again, thanks!"))
        try harness.poll()
        #expect(harness.smtp.received().count == mark)
        #expect(try harness.ticket(1)?.status == .resolved)
        #expect(try harness.ticket(1)?.events?.last { $0.kind == .satisfaction }?.to == "5")

        // Published, Nora's VPN trouble is offered the article; a printer jam is not.
        let draft = try #require(try HelpDesk(runtime: harness.runtime).articles().first)
        #expect(try HelpDesk(runtime: harness.runtime).publishArticle(draft.id, title: nil)?.published == true)
        mark = harness.smtp.received().count
        try harness.deliver(
            Self.userMail(
                Self.nora, id: "n1", subject: "vpn keeps disconnecting", body: "My VPN disconnects all the time."))
        try harness.deliver(
            Self.userMail("bob@clinic.example", id: "b1", subject: "Printer on ward 5 jams", body: "Paper jam again."))
        try harness.poll()
        let article = try #require(try HelpDesk(runtime: harness.runtime).articles().first)
        #expect(article.title == "VPN disconnects every few minutes" && article.ticket == 1)
        #expect(!article.body.contains("Since this morning") && !article.body.contains("#resolve"))
        let offer = try #require(try DayInTheLifeTests.newMail(harness, to: Self.nora, after: mark).first)
        #expect(offer.textBody.contains("KB #\(article.id) VPN disconnects every few minutes"))
        #expect(offer.textBody.contains("\"solved\""))
        let toBob = try #require(try DayInTheLifeTests.newMail(harness, to: "bob@clinic.example", after: mark).first)
        #expect(!toBob.textBody.contains("KB #"))

        // "solved": resolved as self-service, no resolved notice to Nora, the analysts told.
        let nora = try #require(try harness.tickets().first { $0.requester.email == Self.nora })
        mark = harness.smtp.received().count
        try harness.deliver(
            Self.userMail(
                Self.nora, id: "n2", subject: "Re: [Help Desk #\(nora.id)] vpn keeps disconnecting",
                body: "Solved, thank you - the article did it."))
        try harness.poll()
        #expect(try harness.ticket(nora.id)?.status == .resolved)
        #expect(try harness.ticket(nora.id)?.events?.contains { $0.kind == .selfService } == true)
        #expect(try DayInTheLifeTests.newMail(harness, to: Self.nora, after: mark).isEmpty)
        let told = harness.smtp.received().dropFirst(mark).filter {
            $0.recipients.contains { $0.hasSuffix("@example.org") }
        }
        #expect(told.contains { $0.text.contains("nothing more is needed") })

        let report = try HelpDesk(runtime: harness.runtime).report(
            from: Date().addingTimeInterval(-3600), to: Date().addingTimeInterval(3600))
        #expect(report.selfServiceResolutions == 1 && report.ticketsResolved == 2)
        #expect(report.satisfaction.count == 1 && report.satisfaction.average == 5)
    }
}
