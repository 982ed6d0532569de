import Foundation
import Logging
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
        #expect(!article.published)

        // A draft is offered to nobody; published, it is.
        try desk.take(
            "From: ann@clinic.example\nTo: support@example.org\nSubject: vpn keeps disconnecting\n"
                + "Message-ID: <a1@clinic.example>\n\nMy VPN disconnects all the time.\n")
        let beforePublishing = try #require(try desk.queuedMails().last { $0.recipients == ["ann@clinic.example"] })
        #expect(!(try MIMEParser().parse(beforePublishing.raw).textBody.contains("KB #")))
        #expect(try HelpDesk(runtime: desk.runtime).publishArticle(article.id, title: nil)?.published == true)

        try desk.take(
            "From: nora@clinic.example\nTo: support@example.org\nSubject: vpn keeps disconnecting\n"
                + "Message-ID: <n1@clinic.example>\n\nMy VPN disconnects all the time.\n")
        let offered = try #require(try desk.queuedMails().last { $0.recipients == ["nora@clinic.example"] })
        let text = try MIMEParser().parse(offered.raw).textBody
        #expect(text.contains("KB #\(article.id) VPN disconnects every few minutes") && text.contains("\"solved\""))
        // By title only: the article's text was written to one requester.
        #expect(!text.contains("switch networks automatically"))

        try desk.take(
            "From: bob@clinic.example\nTo: support@example.org\nSubject: printer on ward 5 jams\n"
                + "Message-ID: <b1@clinic.example>\n\nPaper jam again.\n")
        let unrelated = try #require(try desk.queuedMails().last { $0.recipients == ["bob@clinic.example"] })
        #expect(!(try MIMEParser().parse(unrelated.raw).textBody.contains("KB #")))

        try desk.take(
            "From: nora@clinic.example\nTo: support@example.org\nSubject: Re: [Help Desk #3] vpn keeps disconnecting\n"
                + "Message-ID: <n2@clinic.example>\n\nsolved, thanks\n")
        #expect(try desk.ticket(3)?.status == .resolved)
        #expect(try desk.ticket(3)?.events?.contains { $0.kind == .selfService } == true)

        let found = try HelpDesk(runtime: desk.runtime).searchArticles("vpn reconnect")
        #expect(found.first?.id == article.id && found.first?.score == 1.0)
        #expect(try HelpDesk(runtime: desk.runtime).searchArticles("printer toner").isEmpty)
    }
}

/// The weekly report mail: text with an HTML alternative carrying charts, once per week.
@Suite struct WeeklyReportTests {
    @Test func theWeeklyReportGoesOncePerWeekWithItsCharts() throws {
        let desk = try InProcessIntake(
            extraYAML: """
                timezone: UTC
                groups:
                  it-managers: [director@clinic.example, lead@clinic.example]
                reports: { weekly: { to: it-managers, day: mon, at: "08:00" } }
                """)
        let monday = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z")!
        try desk.take(AnalystMailTests.requesterMail("k1"), at: monday)
        let logger = Logger(label: "test")
        let next = ISO8601DateFormatter().date(from: "2026-11-30T08:01:00Z")!
        let first = try desk.runtime.sweeper.sweep(at: next, logger: logger)
        #expect(first.reports == 2)
        #expect(try desk.runtime.sweeper.sweep(at: next.addingTimeInterval(3600), logger: logger).reports == 0)
        let mail = try #require(try desk.queuedMails().first { $0.kind == "report" })
        let parsed = try MIMEParser().parse(mail.raw)
        #expect(parsed.subject.contains("2026-W48"))
        #expect(parsed.textBody.contains("tickets_created: 1"))
        #expect(String(decoding: mail.raw, as: UTF8.self).contains("multipart/alternative"))
        #expect(String(decoding: mail.raw, as: UTF8.self).contains("text/html"))
    }
}
