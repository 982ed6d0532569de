import Foundation
import Testing
import TicketdMIME

/// Delivery failure reports in the shapes of the common servers (Fixtures/bounces: Postfix,
/// Exim, Exchange old and new, Gmail, Sendmail, qmail, Yahoo, Lotus Domino, GroupWise, MDaemon,
/// and odd senders), each returning our acknowledgement `<ticketd.7.a1b2c3@example.org>`; and
/// mail that only looks like one (Fixtures/not-bounces).
@Suite struct BounceCorpusTests {
    static let returnedID = "ticketd.7.a1b2c3@example.org"

    static func names(in folder: String) -> [String] {
        guard let base = Bundle.module.resourceURL else { return [] }
        let folderPath = base.appendingPathComponent("Fixtures/\(folder)").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func load(_ folder: String, _ name: String) throws -> ParsedMessage {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures/\(folder)"))
        return try MIMEParser().parse([UInt8](try Data(contentsOf: url)))
    }

    @Test func theCorpusIsThere() {
        #expect(Self.names(in: "bounces").count >= 15)
        #expect(Self.names(in: "not-bounces").count >= 4)
    }

    @Test(arguments: names(in: "bounces"))
    func everyServersBounceIsRecognisedAndNamesOurMail(name: String) throws {
        let message = try Self.load("bounces", name)
        #expect(BounceDetector.isBounce(message), "\(name) is a bounce")
        #expect(BounceDetector.returnedMessageIDs(message).contains(Self.returnedID), "\(name) returns our mail")
    }

    @Test(arguments: names(in: "not-bounces"))
    func mailThatOnlyLooksLikeABounceIsNot(name: String) throws {
        #expect(!BounceDetector.isBounce(try Self.load("not-bounces", name)), "\(name) is a person's mail")
    }

    @Test func onlyTheReturnedHeadersAreSearchedForIDs() throws {
        let message = try Self.load("bounces", "postfix")
        let ids = BounceDetector.returnedMessageIDs(message)
        #expect(!ids.contains { $0.hasPrefix("bounce-") }, "the report's own id is not a returned one")
    }
}
