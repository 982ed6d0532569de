import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdServices

/// Outsiders cannot steer problems, in-process: children linked by their words teach a problem
/// no words, a critical ticket is never linked by its words, a problem or article without a
/// title never takes a requester's subject, and every broadcast records its audience.
@Suite struct ProblemTrustTests {
    static let analysts = """
          - { name: carol, email: carol@example.org, tier: 1 }
          - { name: marsha, email: marsha@example.org, tier: 2 }
        """
    static let yaml = """
        groups:
          it-managers: [carl@clinic.example]
        critical_when: { subject_or_body: "(?i)ventilator" }
        """

    static func intake() throws -> InProcessIntake {
        try InProcessIntake(extraYAML: yaml, analysts: analysts, autoAssign: true)
    }

    static func mail(_ id: String, from: String, subject: String, verified: Bool = false) -> String {
        (verified ? RoutingTests.verifiedClinic : "")
            + "From: \(from)\nTo: support@example.org\nSubject: \(subject)\nMessage-ID: <\(id)@clinic.example>\n\n"
            + "\(subject)\n"
    }

    @Test func autoLinkedChildrenTeachNothingAndAreAnnounced() throws {
        let desk = try Self.intake()
        let problem = try #require(
            try HelpDesk(runtime: desk.runtime).createProblem(
                title: "VPN outage", children: [], notify: [], priority: nil, actor: "operator:test", at: Date()))
        _ = try HelpDesk(runtime: desk.runtime).change(
            problem.id, TicketChange(assignee: "marsha"), actor: "operator:test", at: Date())
        // Two outsiders' mails match the title and are linked by their words.
        for number in 1...2 {
            try desk.take(
                Self.mail("x\(number)", from: "x\(number)@outsider.example", subject: "VPN outage alarm bed four"))
        }
        let outsiders = try desk.runtime.store.read { session in
            try session.activeChildren(of: problem.id, confirmed: false)
        }
        #expect(outsiders.count == 2)
        // The owner and the on-duty analysts were told of each link.
        let announced = try desk.queuedMails().filter { $0.kind == "unassigned" }
        #expect(Set(announced.flatMap(\.recipients)) == ["marsha@example.org", "carol@example.org"])
        #expect(
            announced.allSatisfy { String(decoding: $0.raw, as: UTF8.self).contains("linked to it automatically") })
        // A nurse's "alarm at bed four" shares only the outsiders' words: not linked, assigned.
        try desk.take(Self.mail("n1", from: "nurse@clinic.example", subject: "Alarm at bed four", verified: true))
        let nurse = try #require(
            try HelpDesk(runtime: desk.runtime).tickets().first { $0.requester.email == "nurse@clinic.example" })
        #expect(nurse.parent == nil && nurse.assignee != nil)
    }

    @Test func aCriticalTicketIsNeverLinkedByItsWords() throws {
        let desk = try Self.intake()
        let problem = try #require(
            try HelpDesk(runtime: desk.runtime).createProblem(
                title: "VPN outage", children: [], notify: [], priority: nil, actor: "operator:test", at: Date()))
        try desk.take(
            Self.mail("n1", from: "nurse@clinic.example", subject: "VPN outage: ventilator alarm", verified: true))
        let nurse = try #require(
            try HelpDesk(runtime: desk.runtime).tickets().first { $0.requester.email == "nurse@clinic.example" })
        #expect(nurse.priority == .critical)
        #expect(nurse.parent == nil && nurse.assignee != nil)
        #expect(try desk.ticket(problem.id)?.children == [])
    }

    @Test func untitledProblemsAndArticlesTakeNoRequestersWords() throws {
        let desk = try Self.intake()
        try desk.take(Self.mail("k1", from: "keisha@clinic.example", subject: "Mrs Jones allergy chart missing"))
        try desk.take(
            AnalystMailTests.analystMail(
                "carol", "c1", ticket: 1, body: "#problem\n#kb\nReload the chart viewer.",
                subject: "Re: [Help Desk #1] Mrs Jones allergy chart missing"))
        let problem = try #require(
            try HelpDesk(runtime: desk.runtime).tickets().first { $0.requester.email == "support@example.org" })
        #expect(problem.subject == "Outage #\(problem.id)")
        let article = try #require(try HelpDesk(runtime: desk.runtime).articles().first)
        #expect(article.title == "Article from ticket #1" && !article.published)
    }

    @Test func aBroadcastRecordsItsAudienceAndOnlyChildrenTextIsQuoted() throws {
        let desk = try Self.intake()
        try desk.take(Self.mail("k1", from: "keisha@clinic.example", subject: "Payroll server unreachable"))
        let problem = try #require(
            try HelpDesk(runtime: desk.runtime).createProblem(
                title: "Payroll server unreachable", children: [1], notify: ["it-managers"], priority: nil,
                actor: "operator:test", at: Date()))
        let managers = try HelpDesk(runtime: desk.runtime).broadcast(
            groups: ["it-managers"], template: "broadcast-update", ticket: problem.id, text: "Vendor contract issue.",
            actor: "operator:test", at: Date())
        #expect(managers == 1)
        let records = try desk.runtime.store.read { try $0.broadcasts(ofTicket: problem.id) }
        #expect(records.map(\.audience) == [["it-managers"], ["it-managers"]])
        #expect(records.allSatisfy { !$0.isPublic })
        try desk.take(Self.mail("n1", from: "nora@clinic.example", subject: "payroll server unreachable again"))
        let ack = try #require(try desk.queuedMails().last { $0.recipients == ["nora@clinic.example"] })
        let text = try MIMEParser().parse(ack.raw).textBody
        #expect(text.contains("#\(problem.id)") && !text.contains("Vendor contract"))
        #expect(text.contains("we are working on it"))
        // To the children, marked public: quoted from then on.
        _ = try HelpDesk(runtime: desk.runtime).broadcast(
            groups: ["children"], template: "broadcast-update", ticket: problem.id, text: "Back at noon.",
            actor: "operator:test", at: Date())
        try desk.take(Self.mail("b1", from: "bob@clinic.example", subject: "payroll server unreachable"))
        let later = try #require(try desk.queuedMails().last { $0.recipients == ["bob@clinic.example"] })
        #expect(try MIMEParser().parse(later.raw).textBody.contains("Back at noon."))
    }
}
