import Foundation
import Testing
import TicketdServices

@testable import TicketdMail

/// Small hardening of the mail transport: what counts as loopback (STARTTLS may be skipped only
/// there), and UID lists a hostile server could blow up.
@Suite struct TransportHardeningTests {
    static func endpoint(_ host: String) throws -> MailServerEndpoint {
        try MailServerEndpoint(url: "imap://\(host):143/INBOX", username: "u", password: "p")
    }

    @Test(arguments: ["localhost", "127.0.0.1", "127.1.2.3", "127.255.255.254", "[::1]"])
    func loopbackAddressesAreLoopback(host: String) throws {
        #expect(try Self.endpoint(host).isLoopback)
    }

    @Test(arguments: [
        "127.evil.example", "127.0.0.1.nip.io", "1270.0.0.1", "127.0.0.256", "127.0.0", "mail.example.org",
        "10.0.0.1", "127..0.1",
    ])
    func namesThatOnlyStartLikeLoopbackAreNot(host: String) throws {
        #expect(try !Self.endpoint(host).isLoopback)
    }

    @Test func anESearchRangeIsWalkedNotMaterialised() {
        let start = Date()
        let uids = IMAPSession.expandESearch("* ESEARCH (TAG \"A5\") UID ALL 1:4294967295", limit: 5)
        #expect(uids == [1, 2, 3, 4, 5])
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(
            IMAPSession.expandESearch("* ESEARCH (TAG \"A5\") UID ALL 4294967290:4294967295")
                == Array(4_294_967_290...4_294_967_295))
        #expect(IMAPSession.expandESearch("* ESEARCH (TAG \"A5\") UID ALL 9:7,3") == [3, 7, 8, 9])
    }
}
