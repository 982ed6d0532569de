import Foundation
import Testing
import TicketdCore
import TicketdMIME
import TicketdStore
import TicketdTestSupport

@testable import TicketdServices

/// Every template the code sends renders with no placeholder left empty: swift-mustache renders
/// an unknown name as nothing, so each `{{name}}` must be a key the code really supplies.
@Suite struct TemplateTests {
    static func contexts(in directory: TemporaryDirectory) throws -> [String: [String: Any]] {
        let runtime = try TicketdRuntime(configuration: ConfigurationTests.minimalConfiguration(in: directory))
        let ticket = Ticket(
            id: 7, subject: "Printer", status: .open, priority: .high, category: nil,
            requester: Person(name: "Nora", email: "nora@example.org"), watchers: [], assignee: "carol", parent: nil,
            children: [], createdAt: Date(timeIntervalSince1970: 0))
        let clock = SLAClock(
            ticketID: 7, name: "first_response", targetMinutes: 30, calendar: "24x7", startedAt: ticket.createdAt,
            dueAt: ticket.createdAt.addingTimeInterval(1800))
        let notice = runtime.sweeper.noticeContext(
            clock: clock, ticket: ticket, level: 0, recipient: MailAddress(name: "Carol", email: "carol@example.org"))
        let acknowledgement = AcknowledgementContext(
            ticketNumber: 7, tag: "[Help Desk #7]", subject: "Printer", requesterName: "Nora",
            supportAddress: "support@example.org"
        ).values
        return ["acknowledgement": acknowledgement, "sla-warning": notice, "escalation": notice]
    }

    @Test func everyTemplateRendersWithEveryPlaceholderFilled() throws {
        let directory = try TemporaryDirectory(prefix: "templates")
        defer { directory.remove() }
        let contexts = try Self.contexts(in: directory)
        let library = try TemplateLibrary(directory: ConfigurationTests.templatesDirectory)
        #expect(Set(TemplateLibrary.requiredNames) == Set(contexts.keys))
        for name in TemplateLibrary.requiredNames {
            let source = try String(
                contentsOfFile: "\(ConfigurationTests.templatesDirectory)/\(name).mustache", encoding: .utf8)
            let regex = try NSRegularExpression(pattern: "\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*\\}\\}")
            let names = regex.matches(in: source, range: NSRange(source.startIndex..., in: source)).compactMap {
                Range($0.range(at: 1), in: source).map { String(source[$0]) }
            }
            #expect(!names.isEmpty)
            let context = try #require(contexts[name])
            for placeholder in names {
                #expect(
                    context[placeholder] != nil, "\(name).mustache uses {{\(placeholder)}}, which the code never sets")
                #expect("\(context[placeholder] ?? "")".isEmpty == false)
            }
            let rendered = try library.render(name, context: context)
            #expect(!rendered.subject.isEmpty && !rendered.body.contains("{{"))
        }
        #expect(throws: TemplateError.self) { try library.render("no-such-template", context: [String: Any]()) }
    }

    @Test func theBuiltInTemplatesAreTheFilesInTemplates() throws {
        let library = try TemplateLibrary(directory: nil)
        #expect(library.overridden.isEmpty)
        for name in TemplateLibrary.requiredNames {
            let file = try String(
                contentsOfFile: "\(ConfigurationTests.templatesDirectory)/\(name).mustache", encoding: .utf8)
            let context = try Self.contexts(in: try TemporaryDirectory(prefix: "builtin"))[name] ?? [:]
            let fromFile = try TemplateLibrary(directory: ConfigurationTests.templatesDirectory).render(
                name, context: context)
            #expect(try library.render(name, context: context) == fromFile, "run scripts/embed-templates.py")
            #expect(!file.isEmpty)
        }
    }

    @Test func aFileOverridesOnlyItsOwnTemplate() throws {
        let directory = try TemporaryDirectory(prefix: "override")
        defer { directory.remove() }
        try "{{%CONTENT_TYPE: TEXT}}\nSubject: Got it: {{subject}}\n\nWe are on it, {{requesterName}}.\n".write(
            toFile: directory.file("acknowledgement.mustache"), atomically: true, encoding: .utf8)
        let library = try TemplateLibrary(directory: directory.path)
        #expect(library.overridden == ["acknowledgement"])
        let contexts = try Self.contexts(in: directory)
        let acknowledgement = try library.render("acknowledgement", context: try #require(contexts["acknowledgement"]))
        #expect(acknowledgement == .init(subject: "Got it: Printer", body: "We are on it, Nora.\n"))
        let escalation = try library.render("escalation", context: try #require(contexts["escalation"]))
        #expect(escalation.subject.contains("ESCALATION"), "the others stay built in")
    }
}
