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
    /// The contexts the code builds for each template (the notices through the sweeper).
    static func contexts(in directory: TemporaryDirectory) throws -> [String: any TemplateContext] {
        let runtime = try TicketdRuntime(configuration: ConfigurationTests.minimalConfiguration(in: directory))
        let ticket = Ticket(
            id: 7, subject: "Printer", status: .open, priority: .high, category: nil,
            requester: Person(name: "Nora", email: "nora@example.org"), watchers: [], assignee: "carol", parent: nil,
            children: [], createdAt: Date(timeIntervalSince1970: 0))
        let clock = SLAClock(
            ticketID: 7, name: "first_response", targetMinutes: 30, calendar: "24x7", startedAt: ticket.createdAt,
            dueAt: ticket.createdAt.addingTimeInterval(1800))
        let carol = MailAddress(name: "Carol", email: "carol@example.org")
        let acknowledgement = AcknowledgementContext(
            ticketNumber: 7, tag: "[Help Desk #7]", subject: "Printer", requesterName: "Nora",
            supportAddress: "support@example.org", suggestions: "These articles may already help: KB #3\n\n")
        var contexts: [String: any TemplateContext] = [
            "acknowledgement": acknowledgement,
            "sla-warning": runtime.sweeper.noticeContext(
                .warning, clock: clock, ticket: ticket, level: 0, recipient: carol),
            "escalation": runtime.sweeper.noticeContext(
                .escalation, clock: clock, ticket: ticket, level: 0, recipient: carol),
        ]
        // The rest as the samples `config check` uses (the intake fills them from a ticket).
        for sample in TemplateSamples.contexts where contexts[sample.templateName] == nil {
            contexts[sample.templateName] = sample
        }
        return contexts
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
            #expect(context.templateName == name)
            for placeholder in names {
                #expect(
                    context.placeholders[placeholder] != nil,
                    "\(name).mustache uses {{\(placeholder)}}, which the code never sets")
                #expect(context.placeholders[placeholder]?.isEmpty == false)
            }
            #expect(TemplateLibrary.placeholders(in: source) == Set(names))
            let rendered = try library.render(context)
            #expect(!rendered.subject.isEmpty && !rendered.body.contains("{{"))
        }
        #expect(throws: TemplateError.self) { try library.render("no-such-template", placeholders: [:]) }
    }

    @Test func theBuiltInTemplatesAreTheFilesInTemplates() throws {
        let library = try TemplateLibrary(directory: nil)
        #expect(library.overridden.isEmpty)
        for name in TemplateLibrary.requiredNames {
            let file = try String(
                contentsOfFile: "\(ConfigurationTests.templatesDirectory)/\(name).mustache", encoding: .utf8)
            let directory = try TemporaryDirectory(prefix: "builtin")
            defer { directory.remove() }
            let context = try #require(try Self.contexts(in: directory)[name])
            let fromFile = try TemplateLibrary(directory: ConfigurationTests.templatesDirectory).render(context)
            #expect(try library.render(context) == fromFile, "run scripts/embed-templates.py")
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
        let acknowledgement = try library.render(try #require(contexts["acknowledgement"]))
        #expect(acknowledgement == .init(subject: "Got it: Printer", body: "We are on it, Nora.\n"))
        let escalation = try library.render(try #require(contexts["escalation"]))
        #expect(escalation.subject.contains("ESCALATION"), "the others stay built in")
    }

    @Test func anOverrideUsingAPlaceholderTicketdNeverSetsIsReported() throws {
        let directory = try TemporaryDirectory(prefix: "override")
        defer { directory.remove() }
        try "{{%CONTENT_TYPE: TEXT}}\nSubject: {{subject}}\n\nDear {{requesterTitle}} {{requesterName}}\n".write(
            toFile: directory.file("acknowledgement.mustache"), atomically: true, encoding: .utf8)
        let problems = TemplateLibrary.problems(inDirectory: directory.path)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("{{requesterTitle}} is not set for acknowledgement") == true)
    }
}
