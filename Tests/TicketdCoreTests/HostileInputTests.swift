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

    static let trust = AnalystTrust(
        analystAddresses: ["carol@example.org"], authservID: "mx.example.org", believeFromHeader: false)

    @Test(arguments: [
        // RFC 8601 §B.4-style results from our own server.
        ["mx.example.org; dkim=pass (good signature) header.d=example.org; spf=pass smtp.mailfrom=example.org"],
        ["mx.example.org 1; dmarc=pass (p=reject) header.from=example.org"],
        ["MX.Example.Org;\r\n dmarc = pass header.from = \"example.org\""],
        // Our server's field on top, an attacker's own below it (ignored either way).
        ["mx.example.org; dkim=pass header.d=example.org", "mx.example.org; dkim=fail header.d=example.org"],
    ])
    func proofFromOurServerMakesAnAnalyst(fields: [String]) {
        guard case .analyst = Self.trust.verdict(from: "carol@example.org", authenticationResults: fields) else {
            Issue.record("expected a proven analyst for \(fields)")
            return
        }
    }

    @Test(arguments: [
        [String](),
        ["mx.example.org; none"],
        ["mx.example.org; dkim=pass header.d=evil.example"],
        ["mx.example.org; dkim=fail header.d=example.org; dmarc=fail header.from=example.org"],
        ["mx.evil.example; dkim=pass header.d=example.org"],
        // The topmost field from our server decides; a forged pass below it counts for nothing.
        ["mx.example.org; dkim=fail header.d=example.org", "mx.example.org; dkim=pass header.d=example.org"],
        ["mx.example.org; spf=pass smtp.mailfrom=example.org"],
        ["mx.example.org; dkim=pass (header.d=example.org) header.d=evil.example"],
    ])
    func noProofMeansAnyonesMail(fields: [String]) {
        guard case .unproven = Self.trust.verdict(from: "carol@example.org", authenticationResults: fields) else {
            Issue.record("expected no proof for \(fields)")
            return
        }
    }

    @Test func lookAlikesAreNobodysAndStrangersAreNotAnalysts() {
        let proof = ["mx.example.org; dkim=pass header.d=example.org"]
        guard case .unproven = Self.trust.verdict(from: "\u{FF43}arol@example.org", authenticationResults: proof) else {
            Issue.record("a full-width look-alike must not count as carol")
            return
        }
        #expect(Self.trust.verdict(from: "nora@example.org", authenticationResults: proof) == .notAnAnalyst)
        let open = AnalystTrust(analystAddresses: ["carol@example.org"], authservID: nil, believeFromHeader: true)
        #expect(
            open.verdict(from: "Carol@example.org", authenticationResults: [])
                == .analyst(proof: "trust.unauthenticated_analysts"))
        let unset = AnalystTrust(analystAddresses: ["carol@example.org"], authservID: nil, believeFromHeader: false)
        guard case .unproven = unset.verdict(from: "carol@example.org", authenticationResults: proof) else {
            Issue.record("without trust.authserv_id nothing can be proven")
            return
        }
    }
}
