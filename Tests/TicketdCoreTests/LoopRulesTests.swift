import Testing
import TicketdCore
import TicketdMIME

@Suite struct LoopRulesTests {
    let rules = LoopRules(ownAddresses: ["support@example.org", "payroll-help@example.org"])

    func reason(_ headers: String) throws -> String? {
        rules.suppressionReason(for: try MIMEParser().parse(Array((headers + "\r\n\r\nbody\r\n").utf8)))
    }

    @Test(arguments: [
        "From: a@example.org\r\nAuto-Submitted: auto-replied",
        "From: a@example.org\r\nAuto-Submitted: auto-generated",
        "From: a@example.org\r\nPrecedence: bulk",
        "From: a@example.org\r\nPrecedence: list",
        "From: a@example.org\r\nPrecedence: junk",
        "From: a@example.org\r\nList-Id: <staff.example.org>",
        "From: a@example.org\r\nReturn-Path: <>",
        "From: MAILER-DAEMON@example.org",
        "From: postmaster@example.org",
        "From: no-reply@vendor.example",
        "From: noreply-alerts@vendor.example",
        "From: Payroll <payroll-help@example.org>",
        "Subject: no sender",
    ])
    func automaticMailGetsNoAutoReply(headers: String) throws {
        #expect(try reason(headers) != nil)
    }

    @Test(arguments: [
        "From: a@example.org",
        "From: a@example.org\r\nAuto-Submitted: no",
        "From: a@example.org\r\nPrecedence: first-class",
    ])
    func peopleGetAnAcknowledgement(headers: String) throws {
        #expect(try reason(headers) == nil)
    }
}
