import Foundation
import Testing
import TicketdMIME
import TicketdTestSupport

@testable import TicketdServices

/// Notices are composed on other threads in chunks while the sweeper goes on; what comes back
/// must be every mail, in the order added, each for its own ticket — or the first failure.
@Suite struct ComposeBatchTests {
    static func composer(in directory: TemporaryDirectory) throws -> MailComposer {
        try TicketdRuntime(configuration: ConfigurationTests.minimalConfiguration(in: directory)).intake.composer
    }

    /// A context for a template nobody has.
    struct MissingTemplateContext: TemplateContext {
        var templateName: String { "missing" }
        var placeholders: [String: String] { [:] }
    }

    static func request(_ ticket: Int64, missingTemplate: Bool = false) -> MailComposer.Request {
        let acknowledgement = AcknowledgementContext(
            ticketNumber: ticket, tag: "[Help Desk #\(ticket)]", subject: "Subject \(ticket)",
            requesterName: "User \(ticket)", supportAddress: "support@example.org")
        return MailComposer.Request(
            context: missingTemplate ? MissingTemplateContext() : acknowledgement,
            ticketID: ticket, recipient: MailAddress(email: "user\(ticket)@example.org"), inReplyTo: nil,
            references: [], autoSubmitted: "auto-replied", kind: "acknowledgement")
    }

    @Test(arguments: [0, 1, 49, 50, 51, 437])
    func returnsEveryMailInOrder(count: Int) throws {
        let directory = try TemporaryDirectory(prefix: "compose")
        defer { directory.remove() }
        let batch = ComposeBatch(composer: try Self.composer(in: directory), at: Date(timeIntervalSince1970: 0))
        for ticket in 0..<count { batch.add(Self.request(Int64(ticket))) }
        let mails = try batch.finish()
        #expect(mails.map(\.ticketID) == (0..<count).map(Int64.init))
        #expect(mails.map(\.recipient) == (0..<count).map { "user\($0)@example.org" })
        #expect(mails.allSatisfy { String(decoding: $0.raw, as: UTF8.self).contains("#\($0.ticketID ?? 0)]") })
        #expect(Set(mails.map(\.messageID)).count == count)
    }

    @Test func throwsWhenAMailCannotBeComposed() throws {
        let directory = try TemporaryDirectory(prefix: "compose")
        defer { directory.remove() }
        let batch = ComposeBatch(composer: try Self.composer(in: directory), at: Date(timeIntervalSince1970: 0))
        for ticket in 0..<120 {
            batch.add(Self.request(Int64(ticket), missingTemplate: ticket == 77))
        }
        #expect(throws: TemplateError.self) { try batch.finish() }
    }
}
