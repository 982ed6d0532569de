import Foundation
import Mustache

/// The mail templates: built into the binary (`BuiltInTemplates`, from `templates/`), each
/// overridden by a file of the same name in the `templates:` folder when one is configured.
///
/// A template's first line is `Subject: …`, then a blank line, then the plain-text body.
/// Text templates start with `{{%CONTENT_TYPE: TEXT}}` so nothing is HTML-escaped.
/// swift-mustache renders a missing key as empty and an unknown template as nil; this type
/// turns both into errors (unknown names throw; contexts are typed structs, and a test renders
/// every template looking for empty placeholders).
public struct TemplateLibrary: Sendable {
    /// The templates the code sends; each is built in.
    public static let requiredNames = [
        "acknowledgement", "escalation", "sla-warning", "relay-to-requester", "relay-to-analyst", "command-error",
        "resolved", "pending-reminder", "assignment", "unassigned", "analyst-digest", "acknowledgement-known-problem",
        "possible-outage", "broadcast-outage", "broadcast-outage-short", "broadcast-update", "broadcast-resolved",
        "report",
    ]

    private let templates: [String: MustacheTemplate]
    /// The override folder, if any.
    public let directory: String?
    /// The names a file in `directory` overrides (or adds).
    public let overridden: [String]

    /// A rendered mail: subject and body.
    public struct Rendered: Sendable, Equatable {
        public var subject: String
        public var body: String
    }

    /// The built-in templates, overridden by every `*.mustache` file in `directory`.
    public init(directory: String?) throws(TemplateError) {
        self.directory = directory
        var texts = BuiltInTemplates.texts
        var overridden: [String] = []
        if let directory {
            let problems = Self.problems(inDirectory: directory)
            guard problems.isEmpty else { throw TemplateError(message: problems.joined(separator: "; ")) }
            for name in Self.templateNames(in: directory) {
                texts[name] = (try? String(contentsOfFile: "\(directory)/\(name).mustache", encoding: .utf8)) ?? ""
                overridden.append(name)
            }
        }
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in texts {
            do {
                templates[name] = try MustacheTemplate(string: text)
            } catch {
                throw TemplateError(message: "template \(name) does not parse: \(error)")
            }
        }
        self.templates = templates
        self.overridden = overridden
    }

    /// The names (file stems) available.
    public var names: [String] { templates.keys.sorted() }

    /// Renders the context's template; throws for an unknown template or a missing Subject line.
    public func render(_ context: any TemplateContext) throws(TemplateError) -> Rendered {
        try render(context.templateName, placeholders: context.placeholders)
    }

    /// Renders `name` with `placeholders`.
    func render(_ name: String, placeholders: [String: String]) throws(TemplateError) -> Rendered {
        let context = placeholders
        guard let template = templates[name] else {
            throw TemplateError(
                message: "no template named \"\(name)\" (built in or in \(directory ?? "no templates folder"))")
        }
        return try Self.split(template.render(context), name: name)
    }

    /// A rendered template's `Subject:` line and body.
    static func split(_ rendered: String, name: String) throws(TemplateError) -> Rendered {
        var text = rendered
        // Foundation's replacing costs more than the rendering; most templates have no CR at all.
        if text.utf8.contains(UInt8(ascii: "\r")) { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
        let normalized = String(text.drop { $0 == "\n" })
        guard normalized.hasPrefix("Subject:"), let end = normalized.firstIndex(of: "\n") else {
            throw TemplateError(message: "template \(name) must begin with a \"Subject:\" line")
        }
        let line = normalized[normalized.index(normalized.startIndex, offsetBy: 8)..<end]
        let first = line.firstIndex { $0 != " " && $0 != "\t" } ?? line.endIndex
        let subject = line.lastIndex { $0 != " " && $0 != "\t" }.map { line[first...$0] } ?? ""
        let body = normalized[normalized.index(after: end)...].drop { $0 == "\n" }
        return Rendered(subject: String(subject), body: String(body))
    }

    /// Every problem with an override folder: missing, a template that does not parse (with
    /// file, line and column), one without the plain-text pragma.
    public static func problems(inDirectory directory: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ["\(directory) is not a directory"]
        }
        var problems: [String] = []
        for name in templateNames(in: directory) {
            let file = "\(directory)/\(name).mustache"
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                problems.append("\(file) cannot be read")
                continue
            }
            do {
                _ = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                problems.append(
                    "\(file):\(error.context.lineNumber):\(error.context.columnNumber): \(error.error) near \"\(error.context.line)\""
                )
            } catch {
                problems.append("\(file): \(error)")
            }
            if let known = TemplateSamples.placeholderNames[name] {
                for placeholder in placeholders(in: text) where !known.contains(placeholder) {
                    problems.append(
                        "\(file): {{\(placeholder)}} is not set for \(name) (known: \(known.sorted().joined(separator: ", ")))"
                    )
                }
            }
            if name == BroadcastContext.Notice.outageShort.rawValue,
                let sample = TemplateSamples.contexts.first(where: { $0.templateName == name }),
                let template = try? MustacheTemplate(string: text),
                let body = try? Self.split(template.render(sample.placeholders), name: name).body
                    .trimmingCharacters(in: .whitespacesAndNewlines),
                body.count > BroadcastContext.shortLimit
            {
                problems.append(
                    "\(file): a text message must fit \(BroadcastContext.shortLimit) characters; with a sample title it has \(body.count)"
                )
            }
            if !text.hasPrefix("{{%CONTENT_TYPE: TEXT}}") {
                problems.append("\(file): must start with {{%CONTENT_TYPE: TEXT}} (mail is plain text)")
            }
        }
        return problems
    }

    /// The names a template reads: `{{name}}`, `{{{name}}}`, `{{#name}}`, `{{^name}}`, `{{&name}}`.
    static func placeholders(in text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            var tag = rest[open.upperBound...].prefix { $0 != "}" }
            rest = rest[tag.endIndex...]
            while let first = tag.first, "{#^&/".contains(first) { tag = tag.dropFirst() }
            let name = tag.trimmingCharacters(in: .whitespaces)
            if let first = name.first, first.isLetter, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                names.insert(name)
            }
        }
        return names
    }

    private static func templateNames(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(9)) }.sorted()
    }
}

/// A template that cannot be loaded or rendered.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
