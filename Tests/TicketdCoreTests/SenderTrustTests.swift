import Foundation
import Testing
import TicketdCore
import TicketdMIME

/// The sender verdict, the analysts' mailbox proof, reply tokens and watchers from one mail
/// (ARCHITECTURE "Trust"): each mail as the receiving server stores it, its field on top.
@Suite struct SenderTrustTests {
    static let check = SenderCheck(authservID: "mx.example.org", dkimWithoutDMARC: false)
    static let dkimCheck = SenderCheck(authservID: "mx.example.org", dkimWithoutDMARC: true)

    /// The header of a mail (fields top to bottom, `Name: value` lines).
    static func headers(_ lines: [String]) throws -> MessageHeaders {
        let raw = Array((lines.joined(separator: "\r\n") + "\r\n\r\nbody\r\n").utf8)
        return try MIMEParser().parse(raw).headers
    }

    static let ours = "Authentication-Results: mx.example.org; dmarc=pass header.from=example.org"
    static let mail = ["From: Carol <carol@example.org>", "To: support@example.org", "Subject: printer"]

    @Test(arguments: [
        // (fields, outcome)
        ([ours] + mail, SenderVerdict.Outcome.pass),
        (["Return-Path: <carol@example.org>", "Received: from mx", ours] + mail, .pass),
        (["Authentication-Results: mx.example.org 1; dmarc=pass (p=reject) header.from=\"example.org\""] + mail, .pass),
        // Our topmost field decides; a forged pass below it is the sender's own text.
        (
            ["Authentication-Results: mx.example.org; dmarc=fail header.from=example.org", ours] + mail, .fail
        ),
        // dkim=pass counts for nothing when the same field says dmarc=fail.
        (
            [
                "Authentication-Results: mx.example.org; dkim=pass header.d=example.org; dmarc=fail header.from=example.org"
            ] + mail, .fail
        ),
        // A second From above the signed mail: DKIM signed the last, the first is shown.
        ([ours, "From: carol@example.org", "From: nurse@example.org", "To: support@example.org", "Subject: x"], .fail),
        (["From: carol@example.org", ours, "From: nurse@example.org", "Subject: x"], .fail),
        // A From written above the trusted field was not under it.
        (["From: carol@example.org", ours, "Subject: x"], .fail),
        ([ours, "From: carol@example.org, nurse@example.org", "Subject: x"], .fail),
        ([ours, "From: undisclosed:;", "Sender: carol@example.org", "Subject: x"], .fail),
        ([ours, "Sender: a@example.org", "Sender: b@example.org"] + mail, .fail),
        ([ours, "Subject: one"] + mail, .fail),
        // dmarc=pass for another domain proves nothing about this From.
        (["Authentication-Results: mx.example.org; dmarc=pass header.from=evil.example"] + mail, .fail),
        (["Authentication-Results: mx.example.org; dmarc=permerror header.from=example.org"] + mail, .fail),
        // No policy, or no answer for now: unproven, not forged.
        (["Authentication-Results: mx.example.org; dmarc=none header.from=example.org"] + mail, .none),
        (["Authentication-Results: mx.example.org; dmarc=temperror header.from=example.org"] + mail, .none),
        // DKIM alone needs the setting; SPF never proves a From.
        (["Authentication-Results: mx.example.org; dkim=pass header.d=example.org"] + mail, .none),
        (["Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.org"] + mail, .none),
        // Someone else's field, or none at all.
        (["Authentication-Results: mx.evil.example; dmarc=pass header.from=example.org"] + mail, .none),
        (mail, .none),
        // A comment holding a pass is no result.
        (["Authentication-Results: mx.example.org; dmarc=fail (dmarc=pass) header.from=example.org"] + mail, .fail),
    ])
    func verdictComesFromTheTopmostTrustedField(fields: [String], outcome: SenderVerdict.Outcome) throws {
        let verdict = Self.check.verdict(try Self.headers(fields))
        #expect(verdict.outcome == outcome, "\(fields): \(verdict.reason)")
    }

    @Test func dkimAloneCountsOnlyWithTheSettingAndWithoutADMARCResult() throws {
        let dkim = try Self.headers(
            ["Authentication-Results: mx.example.org; dkim=pass header.d=example.org"] + Self.mail)
        #expect(Self.dkimCheck.verdict(dkim).outcome == .pass)
        let other = try Self.headers(
            ["Authentication-Results: mx.example.org; dkim=pass header.d=evil.example"] + Self.mail)
        #expect(Self.dkimCheck.verdict(other).outcome == .none)
        let vetoed = try Self.headers(
            [
                "Authentication-Results: mx.example.org; dkim=pass header.d=example.org; dmarc=fail header.from=example.org"
            ]
                + Self.mail)
        #expect(Self.dkimCheck.verdict(vetoed).outcome == .fail)
        let unset = SenderCheck(authservID: nil, dkimWithoutDMARC: true)
        #expect(unset.verdict(try Self.headers([Self.ours] + Self.mail)).outcome == .none)
    }

    @Test func smtpAuthIsReadFromTheTrustedFieldOnly() throws {
        let authenticated = try Self.headers(
            ["Authentication-Results: mx.example.org; auth=pass smtp.auth=carol; dmarc=pass header.from=example.org"]
                + Self.mail)
        #expect(Self.check.verdict(authenticated).authenticatedAs == "carol")
        let forged = try Self.headers(
            [Self.ours, "Authentication-Results: mx.example.org; auth=pass smtp.auth=carol"] + Self.mail)
        #expect(Self.check.verdict(forged).authenticatedAs == nil)
    }

    static let pass = SenderVerdict(.pass, reason: "dmarc=pass header.from=example.org")
    static let analysts = [
        (email: "carol@example.org", authID: Optional("carol")), (email: "dan@example.org", authID: nil),
    ]

    @Test func aDomainPassIsNotAnAnalystsProof() {
        let trust = AnalystTrust(analysts: Self.analysts, believeFromHeader: false, domainExclusive: false)
        guard case .unproven = trust.verdict(from: "carol@example.org", sender: Self.pass, tokenTickets: []) else {
            Issue.record("a domain's pass alone made an analyst")
            return
        }
        #expect(trust.verdict(from: "nora@example.org", sender: Self.pass, tokenTickets: []) == .notAnAnalyst)
        var authenticated = Self.pass
        authenticated.authenticatedAs = "carol"
        guard case .analyst(_, nil) = trust.verdict(from: "carol@example.org", sender: authenticated, tokenTickets: [])
        else {
            Issue.record("smtp.auth naming the analyst's auth_id proves the mailbox")
            return
        }
        // smtp.auth naming somebody else proves nothing for carol.
        authenticated.authenticatedAs = "nurse"
        guard case .unproven = trust.verdict(from: "carol@example.org", sender: authenticated, tokenTickets: []) else {
            Issue.record("another authenticated user became carol")
            return
        }
        // Without an auth_id, the analyst's own address as the authenticated name counts.
        authenticated.authenticatedAs = "dan@example.org"
        guard case .analyst = trust.verdict(from: "dan@example.org", sender: authenticated, tokenTickets: []) else {
            Issue.record("dan's own address as smtp.auth proves dan")
            return
        }
        #expect(
            trust.verdict(from: "carol@example.org", sender: Self.pass, tokenTickets: [7])
                == .analyst(proof: "dmarc=pass header.from=example.org; reply token", onlyOn: [7]))
    }

    @Test func noVerifiedDomainNoAnalystWhateverTheProof() {
        let exclusive = AnalystTrust(analysts: Self.analysts, believeFromHeader: false, domainExclusive: true)
        guard case .analyst = exclusive.verdict(from: "carol@example.org", sender: Self.pass, tokenTickets: []) else {
            Issue.record("analyst_domain_exclusive lets the domain prove the analyst")
            return
        }
        for outcome in [SenderVerdict.Outcome.fail, .none] {
            var verdict = SenderVerdict(outcome, reason: "x", authenticatedAs: "carol")
            verdict.reason = "dmarc=\(outcome)"
            guard case .unproven = exclusive.verdict(from: "carol@example.org", sender: verdict, tokenTickets: [3])
            else {
                Issue.record("\(outcome) made an analyst")
                return
            }
        }
        guard case .unproven = exclusive.verdict(from: "\u{FF43}arol@example.org", sender: Self.pass, tokenTickets: [])
        else {
            Issue.record("a full-width look-alike became carol")
            return
        }
        let open = AnalystTrust(analysts: Self.analysts, believeFromHeader: true, domainExclusive: false)
        #expect(
            open.verdict(from: "Carol@example.org", sender: SenderVerdict(.none, reason: "x"), tokenTickets: [])
                == .analyst(proof: "trust.unauthenticated_analysts"))
    }

    @Test func replyTokensAreBoundToTheirAnalystAndTicket() throws {
        let tokens = try #require(ReplyToken(key: Array("0123456789abcdef0123456789abcdef".utf8)))
        let token = tokens.mint(
            ticketID: 42, analyst: "Carol@Example.org", nonce: String(repeating: "a", count: 32), domain: "example.org")
        #expect(ReplyToken.looksLikeToken(token))
        #expect(tokens.tickets(in: ["other@x", token], for: "carol@example.org") == [42])
        #expect(tokens.tickets(in: [token], for: "dan@example.org").isEmpty)
        // Another key, a changed ticket number or tag: nothing.
        let other = try #require(ReplyToken(key: Array("fedcba9876543210fedcba9876543210".utf8)))
        #expect(other.tickets(in: [token], for: "carol@example.org").isEmpty)
        #expect(
            tokens.tickets(
                in: [token.replacingOccurrences(of: "ticketd.42.", with: "ticketd.43.")], for: "carol@example.org"
            ).isEmpty)
        var bytes = Array(token)
        let at = try #require(bytes.firstIndex(of: "@"))
        bytes[at - 1] = bytes[at - 1] == "0" ? "1" : "0"
        #expect(tokens.tickets(in: [String(bytes)], for: "carol@example.org").isEmpty)
        #expect(!ReplyToken.looksLikeToken("ticketd.42.0123456789abcdef0123456789abcdef@example.org"))
        #expect(ReplyToken(key: Array("short".utf8)) == nil)
    }

    /// A personal command address is the analyst's alone, under the key, and proves a new mail
    /// only (on a reply the reply token decides).
    @Test func personalCommandAddressesAreBoundToTheirAnalyst() throws {
        let tokens = try #require(ReplyToken(key: Array("0123456789abcdef0123456789abcdef".utf8)))
        let carol = try #require(tokens.commandAddress(for: "Carol@Example.org", support: "support@example.org"))
        #expect(carol.hasPrefix("support+c") && carol.hasSuffix("@example.org"))
        #expect(tokens.commandAddress(for: "carol+x@example.org", support: "support@example.org") == carol)
        #expect(tokens.isCommandAddress(carol.uppercased(), for: "carol@example.org", support: "support@example.org"))
        #expect(!tokens.isCommandAddress(carol, for: "dan@example.org", support: "support@example.org"))
        let other = try #require(ReplyToken(key: Array("fedcba9876543210fedcba9876543210".utf8)))
        #expect(!other.isCommandAddress(carol, for: "carol@example.org", support: "support@example.org"))
        #expect(tokens.commandAddress(for: "carol@example.org", support: "nobody") == nil)
        let trust = AnalystTrust(analysts: Self.analysts, believeFromHeader: false, domainExclusive: false)
        #expect(
            trust.verdict(from: "carol@example.org", sender: Self.pass, tokenTickets: [], commandAddress: true)
                == .analyst(
                    proof: "dmarc=pass header.from=example.org; personal command address",
                    onlyOn: [AnalystTrust.newMail]))
        guard
            case .unproven = trust.verdict(
                from: "carol@example.org", sender: SenderVerdict(.fail, reason: "dmarc=fail"), tokenTickets: [],
                commandAddress: true)
        else {
            Issue.record("a failed mail to the personal address made an analyst")
            return
        }
    }

    @Test func watchersComeOnlyFromVerifiableMailAndAtMostTwenty() {
        let many = (0..<3000).map { "person\($0)@example.org" } + ["support@example.org", "Person1@example.org"]
        let outcome = WatcherIntake.watchers(
            named: many, verdict: SenderVerdict(.none, reason: "x"), excluding: ["support@example.org"])
        #expect(outcome.accepted.count == WatcherIntake.maxFromOneMail)
        #expect(outcome.left == 3000 - WatcherIntake.maxFromOneMail)
        let forged = WatcherIntake.watchers(
            named: ["attacker@evil.example"], verdict: SenderVerdict(.fail, reason: "dmarc=fail"), excluding: [])
        #expect(forged.accepted.isEmpty && forged.left == 1)
    }
}
