import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices
import TicketdStore

/// The knowledge base in-process: `#kb` on a resolving reply writes an article from its text
/// (quotes and commands removed); a later similar ticket's acknowledgement offers it, an
/// unrelated one's does not; "solved" then resolves as self-service; `kb search` scores.
@Suite struct KnowledgeBaseTests {
    @Test func anArticleWrittenWithKBIsOfferedToASimilarTicket() throws {
        let desk = try AnalystMailTests.intake()
        try desk.take(AnalystMailTests.requesterMail("k1", subject: "VPN disconnects every few minutes"))
        try desk.take(
            AnalystMailTests.analystMail(
                "cindy", "c1", ticket: 1,
                body: """
                    #resolve
                    #kb VPN disconnects every few minutes
                    Open the VPN client settings, turn off "switch networks automatically", reconnect.

                    On Mon, Nov 30, 2026 at 10:02 AM Keisha <keisha@clinic.example> wrote:
                    > It fails.
                    """))
        let article = try #require(try HelpDesk(runtime: desk.runtime).articles().first)
        #expect(article.title == "VPN disconnects every few minutes" && article.ticket == 1)
        #expect(article.body.hasPrefix("Open the VPN client settings") && !article.body.contains("It fails."))

        try desk.take(
            "From: nora@clinic.example\nTo: support@example.org\nSubject: vpn keeps disconnecting\n"
                + "Message-ID: <n1@clinic.example>\n\nMy VPN disconnects all the time.\n")
        let offered = try #require(try desk.queuedMails().last { $0.recipients == ["nora@clinic.example"] })
        let text = try MIMEParser().parse(offered.raw).textBody
        #expect(text.contains("KB #\(article.id) VPN disconnects every few minutes") && text.contains("\"solved\""))

        try desk.take(
            "From: bob@clinic.example\nTo: support@example.org\nSubject: printer on ward 5 jams\n"
                + "Message-ID: <b1@clinic.example>\n\nPaper jam again.\n")
        let unrelated = try #require(try desk.queuedMails().last { $0.recipients == ["bob@clinic.example"] })
        #expect(!(try MIMEParser().parse(unrelated.raw).textBody.contains("KB #")))

        try desk.take(
            "From: nora@clinic.example\nTo: support@example.org\nSubject: Re: [Help Desk #2] vpn keeps disconnecting\n"
                + "Message-ID: <n2@clinic.example>\n\nsolved, thanks\n")
        #expect(try desk.ticket(2)?.status == .resolved)
        #expect(try desk.ticket(2)?.events?.contains { $0.kind == .selfService } == true)

        let found = try HelpDesk(runtime: desk.runtime).searchArticles("vpn reconnect")
        #expect(found.first?.id == article.id && found.first?.score == 1.0)
        #expect(try HelpDesk(runtime: desk.runtime).searchArticles("printer toner").isEmpty)
    }
}
