import Foundation
import Testing
import TicketdCore

/// Core rules under hostile input: many subject tags, look-alike addresses, forged proof.
@Suite struct HostileInputTests {
    let tag = SubjectTag("Help Desk")

    @Test func manySubjectTagsAreStrippedInOnePass() {
        let subject = String(repeating: "[Help Desk #12] ", count: 40_000) + "printer"
        let start = Date()
        #expect(tag.stripped(subject) == "printer")
        #expect(Date().timeIntervalSince(start) < 10)
        let broken = String(repeating: "[Help Desk #", count: 40_000)
        #expect(tag.ticketID(in: broken) == nil)
        #expect(tag.stripped("a [HELP DESK #7] b [Help Desk #x] c") == "a b [Help Desk #x] c")
    }

    @Test(arguments: [
        ("alice@x.org", "alice@x.org"), ("Alice@X.org", "alice@x.org"), ("alice+1@x.org", "alice@x.org"),
        ("alice@x.org.", "alice@x.org"), ("\u{212A}im@x.org", "kim@x.org"), ("ａlice@x.org", "alice@x.org"),
        ("+tag@x.org", "+tag@x.org"),
    ])
    func addressesShareOneCanonicalForm(raw: String, canonical: String) {
        #expect(CanonicalAddress.key(raw) == canonical)
    }
}
