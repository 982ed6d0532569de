import Foundation
import Testing
import TicketdCore
import TicketdServices
import TicketdTestSupport

@Suite struct ConfigurationTests {
    static var templatesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates").path
    }

    /// The least a configuration needs, with the repository's templates and a store in `directory`.
    static func minimalConfiguration(in directory: TemporaryDirectory) throws -> TicketdConfiguration {
        try ConfigurationLoader(environment: [:]).load(
            yaml: """
                support_address: "Help Desk <support@example.org>"
                database: \(directory.path)/t.sqlite
                templates: \(templatesDirectory)
                """
        ).configuration
    }

    /// The registry example of ARCHITECTURE.md with paths pointing into `directory`.
    static func goodYAML(in directory: TemporaryDirectory) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: "good-config", withExtension: "yaml", subdirectory: "Fixtures"))
        let secret = directory.file("imap.secret")
        if !FileManager.default.fileExists(atPath: secret) {
            _ = FileManager.default.createFile(
                atPath: secret, contents: Data("secret\n".utf8), attributes: [.posixPermissions: 0o600])
        }
        return try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "DIR", with: directory.path)
            .replacingOccurrences(of: "TEMPLATES", with: templatesDirectory)
    }

    @Test func theFullRegistryExampleLoads() throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        let loaded = try ConfigurationLoader(environment: [:]).load(yaml: Self.goodYAML(in: directory))
        let config = loaded.configuration
        #expect(config.supportAddress.email == "support@example.org")
        #expect(config.mailbox.password == "secret")
        #expect(config.sla[.critical]?.firstResponse == TimeSpan(seconds: 900))
        #expect(config.sla[.critical]?.warnAt == 0.8)
        #expect(config.rules.first?.outcome.priority == .high)
        // Parsed once into a calendar: its zone, and 22:00-06:00 on each of the seven days.
        let night = try #require(config.calendars["night-shift"])
        #expect(night.timeZone.identifier == "Europe/Berlin")
        #expect(Set(night.openings.map(\.weekday)).count == 7)
        #expect(night.openings.allSatisfy { $0.start == 22 * 60 && $0.end == 6 * 60 })
        #expect(config.timezone == config.timeZone.identifier)
        #expect(config.maxMessageSize == 25 * 1024 * 1024)
        #expect(config.ownAddresses == ["support@example.org", "payroll-help@example.org"])
    }

    @Test func fiveMistakesAreAllNamedWithTheirKeyPaths() throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        let yaml = try Self.goodYAML(in: directory)
            .replacingOccurrences(of: "resolution: 1h,", with: "resolution: 15x,")  // bad duration
            .replacingOccurrences(of: "poll_interval: 30s", with: "poll_intervall: 30s")  // unknown key (typo)
            // an unknown calendar, then an unknown group
            .replacingOccurrences(of: "calendar: clinic-hours, pause", with: "calendar: clinic-hour, pause")
            .replacingOccurrences(of: "[assignee, it-managers] }\n  high", with: "[assignee, it-manager] }\n  high")
            .replacingOccurrences(of: "\"(?i)payroll\"", with: "\"(?i)payroll(\"")  // bad regex
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(yaml: yaml)
        }
        let paths = Set(error?.issues.map(\.path) ?? [])
        #expect(
            paths == [
                "sla.critical.resolution", "mailbox.poll_intervall", "sla.medium.calendar",
                "sla.critical.escalate_to[1]",
                "rules[0].when.subject",
            ])
        #expect(error?.issues.first { $0.path == "mailbox.poll_intervall" }?.message.contains("poll_interval") == true)
        #expect(error?.issues.first { $0.path == "sla.critical.resolution" }?.message.contains("15x") == true)
    }

    @Test func aPasswordFileReadableByOthersIsRefused() throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        let yaml = try Self.goodYAML(in: directory)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory.file("imap.secret"))
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(yaml: yaml)
        }
        let issue = error?.issues.first { $0.path == "mailbox.password_file" }
        #expect(issue?.message.contains("readable by group or others") == true)
    }

    @Test func trustSettingsAreCheckedAndExplained() throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        func load(_ trust: String) throws -> TicketdConfiguration {
            try ConfigurationLoader(environment: [:]).load(
                yaml: """
                    support_address: "Help Desk <support@example.org>"
                    database: \(directory.path)/t.sqlite
                    trust: \(trust)
                    analysts:
                      - { name: carol, email: carol@example.org, auth_id: carol.w }
                    """
            ).configuration
        }
        let unsigned = TrustAdvice(try load("{ authserv_id: mx.example.org }"))
        #expect(unsigned.warnings.contains { $0.contains("trust.secret_file") })
        #expect(unsigned.proof.contains("reply token") && unsigned.proof.contains("smtp.auth for the 1 analysts"))
        let key = directory.file("trust.key")
        _ = FileManager.default.createFile(
            atPath: key, contents: Data("0123456789abcdef0123\n".utf8), attributes: [.posixPermissions: 0o600])
        let signed = try load("{ authserv_id: mx.example.org, secret_file: \(key) }")
        #expect(signed.trust.secret == Array("0123456789abcdef0123".utf8))
        #expect(TrustAdvice(signed).warnings.isEmpty)
        #expect(ConfigurationSummary(signed).text.contains("trust:      analysts: a DMARC pass"))
        // A key readable by others, or too short, is named with its key path.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let readable = #expect(throws: ConfigurationError.self) {
            try load("{ authserv_id: mx.example.org, secret_file: \(key) }")
        }
        #expect(readable?.issues.contains { $0.path == "trust.secret_file" } == true)
        let short = directory.file("short.key")
        _ = FileManager.default.createFile(
            atPath: short, contents: Data("abc\n".utf8), attributes: [.posixPermissions: 0o600])
        let tooShort = #expect(throws: ConfigurationError.self) {
            try load("{ authserv_id: mx.example.org, secret_file: \(short) }")
        }
        #expect(tooShort?.issues.contains { $0.path == "trust.secret_file" && $0.message.contains("16") } == true)
        #expect(
            TrustAdvice(try load("{ unauthenticated_analysts: true }")).warnings.contains { $0.contains("test setups") }
        )
        let plus = try load("{ authserv_id: mx.example.org, plus_addressing: true }")
        #expect(plus.trust.plusAddressing && TrustAdvice(plus).proof.contains("personal command address"))
    }

    @Test func theEnvironmentPasswordWinsAndIsNoted() throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        let loaded = try ConfigurationLoader(environment: ["TICKETD_IMAP_PASSWORD": "from-env"])
            .load(yaml: Self.goodYAML(in: directory))
        #expect(loaded.configuration.mailbox.password == "from-env")
        #expect(loaded.notes.contains { $0.contains("TICKETD_IMAP_PASSWORD") })
    }

    @Test(arguments: [
        ("max_message_size: 25MB", "max_message_size: lots", "max_message_size"),
        ("timezone: America/New_York\nsupport", "timezone: Mars/Olympus\nsupport", "timezone"),
        (
            "hours: { mon-fri: \"08:00-17:00\" }", "hours: { mon-fry: \"08:00-17:00\" }",
            "calendars.clinic-hours.hours.mon-fry"
        ),
        ("hours: { mon-fri: \"08:00-17:00\" }", "hours: { mon-fri: \"8-17\" }", "calendars.clinic-hours.hours.mon-fri"),
        ("holidays: [2026-12-25]", "holidays: [2026-13-25]", "calendars.clinic-hours.holidays[0]"),
        ("warn_at: 80%", "warn_at: 180%", "sla.critical.warn_at"),
        ("vip_groups: [executives]", "vip_groups: [board]", "vip_groups[0]"),
        ("default_priority: medium", "default_priority: urgent", "default_priority"),
        ("url: imaps://mail.example.org/INBOX", "url: pop3://mail.example.org/", "mailbox.url"),
        ("- { name: carol, email: carol@example.org,", "- { name: carol, email: not-an-address,", "analysts[0].email"),
        ("on_duty: clinic-hours", "on_duty: clinic-ours", "analysts[1].on_duty"),
        ("max_open: 25", "max_open: -1", "analysts[1].max_open"),
        ("pager: cindy-sms@sms.example.org", "pager: cindy-sms", "analysts[2].pager"),
        ("digest: { at: \"07:30\" }", "digest: { at: \"7.30h\" }", "digest.at"),
        ("critical_when: { subject_or_body:", "critical_when: { subject_or_bdy:", "critical_when.subject_or_bdy"),
        ("auto_assign: true", "auto_assign: sometimes", "auto_assign"),
    ])
    func eachBadValueIsNamed(good: String, bad: String, path: String) throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        let yaml = try Self.goodYAML(in: directory)
        #expect(yaml.contains(good))
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(yaml: yaml.replacingOccurrences(of: good, with: bad))
        }
        #expect(error?.issues.map(\.path) == [path])
    }

    @Test func aBrokenOverrideIsReportedWithFileLineAndColumnAndAMissingOneIsBuiltIn() throws {
        let directory = try TemporaryDirectory(prefix: "config")
        defer { directory.remove() }
        let templates = directory.file("templates")
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        try "{{%CONTENT_TYPE: TEXT}}\nSubject: x\n\n{{#open}}never closed\n".write(
            toFile: "\(templates)/broken.mustache", atomically: true, encoding: .utf8)
        let yaml = try Self.goodYAML(in: directory).replacingOccurrences(of: Self.templatesDirectory, with: templates)
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(yaml: yaml)
        }
        let messages = error?.issues.filter { $0.path == "templates" }.map(\.message) ?? []
        #expect(messages.count == 1, "a template the folder lacks is built in: \(messages)")
        #expect(messages.contains { $0.contains("broken.mustache:") })
        let missingFolder = try Self.goodYAML(in: directory).replacingOccurrences(
            of: Self.templatesDirectory, with: directory.file("nowhere"))
        let missing = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(yaml: missingFolder)
        }
        #expect(missing?.issues.contains { $0.path == "templates" && $0.message.contains("not a directory") } == true)
    }

    @Test func yamlSyntaxErrorsAreReported() {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(yaml: "mailbox: [unclosed\n")
        }
        #expect(error?.issues.first?.message.contains("not valid YAML") == true)
    }
}
