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

    func opening(_ headers: String) throws -> String? {
        rules.automaticReplyOpeningNothing(try MIMEParser().parse(Array((headers + "\r\n\r\nbody\r\n").utf8)))
    }

    /// What real servers send without RFC 3834 headers: a qmail auto-reply, a failure notice
    /// from a plain address, vacation subjects in the staff's languages.
    @Test(arguments: [
        "From: a@example.org\r\nPrecedence: auto_reply\r\nSubject: Auto reply",
        "From: a@example.org\r\nPrecedence: auto_reply\r\nSubject: Re: printer",
        "From: relay@example.org\r\nSubject: Your message to ward3 (delivery failed)",
        "From: a@example.org\r\nX-Autoreply: yes\r\nSubject: Re: printer",
        "From: a@example.org\r\nSubject: Abwesenheitsnotiz: Drucker",
        "From: a@example.org\r\nSubject: Réponse automatique : imprimante",
        "From: a@example.org\r\nSubject: Fuera de la oficina: impresora",
        "From: a@example.org\r\nSubject: Risposta automatica: stampante",
        "From: a@example.org\r\nSubject: Automatisch antwoord: printer",
        "From: a@example.org\r\nSubject: Resposta automática: impressora",
        "From: a@example.org\r\nSubject: Automatyczna odpowiedź: drukarka",
        "From: a@example.org\r\nSubject: Otomatik yanıt: yazıcı",
        "From: a@example.org\r\nSubject: =?utf-8?b?0JDQstGC0L7QvNCw0YLQuNGH0LXRgdC60LjQuSDQvtGC0LLQtdGCOiDQv9GA0LjQvdGC0LXRgA==?=",
        "From: a@example.org\r\nSubject: =?utf-8?b?2LHYryDYqtmE2YLYp9im2Yo6INi32KfYqNi52Kk=?=",
        "From: a@example.org\r\nSubject: =?utf-8?b?6Ieq5Yqo5Zue5aSNOiDmiZPljbDmnLo=?=",
        "From: a@example.org\r\nSubject: =?utf-8?b?6Ieq5YuV5b+c562UOiDjg5fjg6rjg7Pjgr8=?=",
        "From: a@example.org\r\nSubject: Autosvar: skrivare",
        "From: a@example.org\r\nSubject: Automaattinen vastaus: tulostin",
        "From: a@example.org\r\nAuto-Submitted: auto-replied\r\nSubject: Re: printer",
    ])
    func automaticRepliesAreRecognisedAndOpenNothing(headers: String) throws {
        let message = try MIMEParser().parse(Array((headers + "\r\n\r\nbody\r\n").utf8))
        #expect(rules.automaticReplyReason(for: message) != nil, "\(headers)")
        #expect(try opening(headers) != nil, "\(headers)")
    }

    /// Machine mail that reports something still opens a ticket; people's words about a failed
    /// delivery are not a failure notice.
    @Test(arguments: [
        "From: monitor@example.org\r\nAuto-Submitted: auto-generated\r\nSubject: Disk full on pacs01",
        "From: a@example.org\r\nSubject: Mail delivery failed to the lab, please help",
        "From: a@example.org\r\nSubject: Re: Out of office message setup",
    ])
    func reportsAndPeopleOpenTickets(headers: String) throws {
        #expect(try opening(headers) == nil, "\(headers)")
    }
}
