import Foundation
import Testing
import TicketdMIME

/// Display names that hide another address or controls are not shown as names; names we write
/// are one unit, so nothing in them can add a recipient.
@Suite struct DisplayNameTests {
    @Test(arguments: [
        // Mailsploit: the name decodes to another address followed by a NUL.
        "=?utf-8?b?Y2VvQGNsaW5pYy5leGFtcGxlAA==?= <eve@evil.example>",
        "\"ceo@clinic.example\" <eve@evil.example>",
        "=?utf-8?q?ceo=40clinic=2Eexample?= <eve@evil.example>",
        "\"ceo\u{FF20}clinic.example\" <eve@evil.example>",
        "=?utf-8?b?4oCuZWxwbWF4ZS5saXZlQGV2ZQ==?= <eve@evil.example>",
        "\"Dr Bob\u{0}\" <eve@evil.example>",
    ])
    func forgedNamesAreNotShown(from: String) {
        let address = AddressList.parse(from).first
        #expect(address?.email == "eve@evil.example")
        #expect(address?.name == "")
    }

    @Test(arguments: [
        ("\"Bob (bob@hospital.example)\" <bob@hospital.example>", "Bob (bob@hospital.example)"),
        ("=?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jm@hospital.example>", "Jürgen Müller"),
        ("\"Doe, John\" <jd@hospital.example>", "Doe, John"),
    ])
    func honestNamesStay(from: String, name: String) {
        #expect(AddressList.parse(from).first?.name == name)
    }

    @Test func aNameThatLooksLikeAnAddressListCannotAddARecipient() throws {
        let from = AddressList.parse("\"=?x <evil@evil.example>, Dr Bob\" <bob@hospital.example>").first
        let sender = try #require(from)
        #expect(sender.email == "bob@hospital.example")
        let reply = OutgoingMessage(
            from: MailAddress(name: "Help Desk", email: "support@example.org"),
            to: [MailAddress(name: "=?x <evil@evil.example>, Dr Bob", email: "bob@hospital.example")],
            subject: "x", messageID: "m@x", date: Date(timeIntervalSince1970: 0), body: "b")
        let parsed = try MIMEParser().parse(reply.render())
        #expect(parsed.to.map(\.email) == ["bob@hospital.example"])
        #expect(parsed.to.first?.name == "")  // it names another address: not shown when read back
    }
}
