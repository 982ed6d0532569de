import Foundation
import TicketdCore
import TicketdMIME
import Yams

/// Reads and validates a configuration file: every problem is reported at once with its key
/// path; only a configuration without problems is returned.
public struct ConfigurationLoader: Sendable {
    /// The environment consulted for secrets (`TICKETD_IMAP_PASSWORD`, `TICKETD_SMTP_PASSWORD`,
    /// `CREDENTIALS_DIRECTORY`).
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// What loading produced besides the configuration: notes for the log (an environment
    /// password overriding a file, and the like).
    public struct Loaded: Sendable {
        public var configuration: TicketdConfiguration
        public var notes: [String]
    }

    public func load(file: String) throws(ConfigurationError) -> Loaded {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError(file: file, issues: [ConfigIssue(path: "", message: "cannot read the file")])
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), file: file)
    }

    public func load(yaml: String, file: String = "<config>") throws(ConfigurationError) -> Loaded {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError(file: file, issues: [ConfigIssue(path: "", message: "not valid YAML: \(error)")])
        }
        let reader = YAMLNodeReader()
        var notes: [String] = []
        let configuration = build(root, reader: reader, notes: &notes)
        guard reader.issues.isEmpty else { throw ConfigurationError(file: file, issues: reader.issues) }
        return Loaded(configuration: configuration, notes: notes)
    }

    // MARK: - Building, key by key

    static let topLevelKeys: Set<String> = [
        "database", "attachments_dir", "max_message_size", "timezone", "support_address", "aliases", "subject_tag",
        "default_priority", "categories", "auto_reply_limit", "auto_close_after", "mailbox", "smtp", "templates",
        "trust", "analysts", "groups", "vip_groups", "rules", "calendars", "sla", "problems", "kb", "reports",
        "metrics_file", "intake", "take_on_reply", "pending_reminder_after", "pending_resolve_after", "digest",
        "critical_when", "high_when", "auto_assign", "notice_limit",
    ]

    private func build(_ root: Node?, reader: YAMLNodeReader, notes: inout [String]) -> TicketdConfiguration {
        var config = TicketdConfiguration()
        guard let root else {
            reader.report("", "the file is empty")
            return config
        }
        var ruleNodes: Node?
        var slaNode: Node?
        var severityNodes: [(String, Node)] = []
        for (key, value) in reader.mapping(root, at: "", allowed: Self.topLevelKeys) {
            switch key {
            case "database": reader.string(value, at: key).map { config.database = $0 }
            case "attachments_dir": config.attachmentsDirectory = reader.string(value, at: key)
            case "max_message_size": reader.byteSize(value, at: key).map { config.maxMessageSize = $0 }
            case "timezone":
                if let zone = reader.string(value, at: key) {
                    if let parsed = TimeZone(identifier: zone) {
                        config.timeZone = parsed
                    } else {
                        reader.report(key, "\"\(zone)\" is not an IANA time zone")
                    }
                }
            case "support_address":
                if let text = reader.string(value, at: key) {
                    if let address = AddressList.parse(text).first {
                        config.supportAddress = address
                    } else {
                        reader.report(key, "\"\(text)\" is not a mail address")
                    }
                }
            case "aliases": config.aliases = emails(reader.stringList(value, at: key), at: key, reader: reader)
            case "subject_tag":
                if let tag = reader.string(value, at: key) {
                    if tag.isEmpty || tag.contains("[") || tag.contains("]") || tag.contains("#") {
                        reader.report(key, "\"\(tag)\" must be non-empty text without [, ] or #")
                    }
                    config.subjectTag = tag
                }
            case "default_priority": reader.priority(value, at: key).map { config.defaultPriority = $0 }
            case "categories": config.categories = reader.stringList(value, at: key)
            case "auto_reply_limit":
                for (sub, subValue) in reader.mapping(
                    value, at: key, allowed: ["per_sender", "per", "per_hour_total", "per_hour_verified"])
                {
                    let path = "\(key).\(sub)"
                    if sub == "per_sender" {
                        reader.int(subValue, at: path, minimum: 0).map { config.autoReplyLimit.perSender = $0 }
                    }
                    if sub == "per_hour_verified" {
                        reader.int(subValue, at: path, minimum: 0).map { config.autoReplyLimit.perHourVerified = $0 }
                    }
                    if sub == "per_hour_total" {
                        reader.int(subValue, at: path, minimum: 0).map { config.autoReplyLimit.perHourTotal = $0 }
                    }
                    if sub == "per" { reader.duration(subValue, at: path).map { config.autoReplyLimit.per = $0 } }
                }
            case "notice_limit":
                let fields: [String: WritableKeyPath<NoticeLimit, Int>] = [
                    "per_analyst_per_hour": \.perAnalystPerHour, "per_sender_per_hour": \.perSenderPerHour,
                    "pages_per_analyst_per_hour": \.pagesPerAnalystPerHour,
                    "pages_per_sender_per_hour": \.pagesPerSenderPerHour,
                    "relays_per_ticket_sender_per_hour": \.relaysPerTicketSenderPerHour,
                    "announcements_per_problem_per_hour": \.announcementsPerProblemPerHour,
                ]
                for (sub, subValue) in reader.mapping(value, at: key, allowed: Set(fields.keys)) {
                    if let field = fields[sub] {
                        reader.int(subValue, at: "\(key).\(sub)", minimum: 0).map {
                            config.noticeLimit[keyPath: field] = $0
                        }
                    }
                }
            case "auto_close_after": reader.duration(value, at: key).map { config.autoCloseAfter = $0 }
            case "pending_reminder_after": reader.duration(value, at: key).map { config.pendingReminderAfter = $0 }
            case "pending_resolve_after": reader.duration(value, at: key).map { config.pendingResolveAfter = $0 }
            case "take_on_reply": reader.bool(value, at: key).map { config.takeOnReply = $0 }
            case "auto_assign": reader.bool(value, at: key).map { config.autoAssign = $0 }
            case "critical_when", "high_when": severityNodes.append((key, value))
            case "digest":
                for (sub, subValue) in reader.mapping(value, at: key, allowed: ["at"]) where sub == "at" {
                    if let text = reader.string(subValue, at: "digest.at") {
                        config.digestMinute = WeekdaySpec.minutes(text)
                        if config.digestMinute == nil {
                            reader.report("digest.at", "\"\(text)\" is not a time of day (HH:MM)")
                        }
                        config.digestAt = text
                    }
                }
            case "mailbox": config.mailbox = mailbox(value, reader: reader, notes: &notes)
            case "smtp": config.smtp = smtp(value, reader: reader, notes: &notes)
            case "templates": reader.string(value, at: key).map { config.templates = $0 }
            case "trust":
                for (sub, subValue) in reader.mapping(
                    value, at: key,
                    allowed: [
                        "authserv_id", "unauthenticated_analysts", "secret_file", "analyst_domain_exclusive",
                        "dkim_without_dmarc", "plus_addressing",
                    ])
                {
                    let path = "trust.\(sub)"
                    switch sub {
                    case "authserv_id": config.trust.authservID = reader.string(subValue, at: path)
                    case "unauthenticated_analysts":
                        reader.bool(subValue, at: path).map { config.trust.unauthenticatedAnalysts = $0 }
                    case "secret_file": config.trust.secretFile = reader.string(subValue, at: path)
                    case "analyst_domain_exclusive":
                        reader.bool(subValue, at: path).map { config.trust.analystDomainExclusive = $0 }
                    case "dkim_without_dmarc":
                        reader.bool(subValue, at: path).map { config.trust.dkimWithoutDMARC = $0 }
                    case "plus_addressing":
                        reader.bool(subValue, at: path).map { config.trust.plusAddressing = $0 }
                    default: break
                    }
                }
                if let text = secret(
                    environmentKey: "TICKETD_TRUST_SECRET", credential: "trust-secret", file: config.trust.secretFile,
                    path: "trust.secret_file", reader: reader, notes: &notes)
                {
                    if text.utf8.count < 16 {
                        reader.report("trust.secret_file", "the key has \(text.utf8.count) bytes; it needs at least 16")
                    } else {
                        config.trust.secret = Array(text.utf8)
                    }
                }
            case "analysts": config.analysts = analysts(value, reader: reader)
            case "groups":
                for (name, members) in reader.mapping(value, at: key) {
                    let path = "groups.\(name)"
                    if members.mapping != nil {
                        // Long form: { members: [...], sms: [...] } (email-to-SMS copies of outage notices).
                        config.groups[name] = []
                        for (sub, list) in reader.mapping(members, at: path, allowed: ["members", "sms"]) {
                            let addresses = emails(
                                reader.stringList(list, at: "\(path).\(sub)"), at: "\(path).\(sub)", reader: reader)
                            if sub == "members" {
                                config.groups[name] = addresses
                            } else {
                                config.smsGroups[name] = addresses
                            }
                        }
                    } else {
                        config.groups[name] = emails(reader.stringList(members, at: path), at: path, reader: reader)
                    }
                }
            case "vip_groups": config.vipGroups = reader.stringList(value, at: key)
            case "rules": ruleNodes = value
            case "calendars": config.calendars = calendars(value, reader: reader)
            case "sla": slaNode = value
            case "problems": config.problems = problems(value, reader: reader)
            case "kb":
                for (sub, subValue) in reader.mapping(value, at: key, allowed: ["suggest", "min_score"]) {
                    if sub == "suggest" { reader.int(subValue, at: "kb.suggest").map { config.kb.suggest = $0 } }
                    if sub == "min_score" {
                        reader.double(subValue, at: "kb.min_score").map { config.kb.minScore = $0 }
                    }
                }
            case "reports": config.reports = reports(value, reader: reader)
            case "metrics_file": config.metricsFile = reader.string(value, at: key)
            case "intake":
                for (sub, subValue) in reader.mapping(value, at: key, allowed: ["max_parse_time"]) {
                    reader.duration(subValue, at: "intake.\(sub)").map { config.intake.maxParseTime = $0 }
                }
            default: break
            }
        }
        // Cross-references need the whole tree: calendars and groups first, then what names them.
        if let ruleNodes { config.rules = rules(ruleNodes, config: config, reader: reader) }
        if let slaNode { config.sla = slaPolicies(slaNode, config: config, reader: reader) }
        for (index, analyst) in config.analysts.enumerated() {
            if case .calendar(let name) = analyst.duty, name != "24x7", config.calendars[name] == nil {
                reader.report(
                    "analysts[\(index)].on_duty", "\"\(name)\" is not true, false or a calendar under calendars")
            }
        }
        for (key, node) in severityNodes {
            if let rule = severityRule(key, node, config: config, reader: reader) { config.severityRules.append(rule) }
        }
        for (index, group) in config.vipGroups.enumerated() where config.groups[group] == nil {
            reader.report("vip_groups[\(index)]", "unknown group \"\(group)\" (define it under groups)")
        }
        if config.problems.notify != "on_duty", config.groups[config.problems.notify] == nil {
            reader.report("problems.notify", "unknown group \"\(config.problems.notify)\" (on_duty or a group)")
        }
        if let to = config.reports.weeklyTo, config.groups[to] == nil, !to.contains("@") {
            reader.report("reports.weekly.to", "unknown group \"\(to)\"")
        }
        for issue in config.templates.map(TemplateLibrary.problems(inDirectory:)) ?? [] {
            reader.report("templates", issue)
        }
        return config
    }

    private func emails(_ values: [String], at path: String, reader: YAMLNodeReader) -> [String] {
        values.enumerated().compactMap { index, text in
            guard let address = AddressList.parse(text).first else {
                reader.report("\(path)[\(index)]", "\"\(text)\" is not a mail address")
                return nil
            }
            return address.email
        }
    }

    private func mailbox(_ node: Node, reader: YAMLNodeReader, notes: inout [String]) -> MailboxSettings {
        var settings = MailboxSettings()
        let allowed: Set<String> = [
            "url", "username", "password_file", "ca_file", "processed_folder", "quarantine_folder", "poll_interval",
            "idle",
        ]
        for (key, value) in reader.mapping(node, at: "mailbox", allowed: allowed) {
            let path = "mailbox.\(key)"
            switch key {
            case "url":
                if let url = reader.string(value, at: path) {
                    settings.url = url
                    let scheme = URLComponents(string: url)?.scheme?.lowercased()
                    if scheme != "imap" && scheme != "imaps" || URLComponents(string: url)?.host?.isEmpty != false {
                        reader.report(path, "\"\(url)\" is not an imap:// or imaps:// URL with a host")
                    }
                }
            case "username": reader.string(value, at: path).map { settings.username = $0 }
            case "password_file": settings.passwordFile = reader.string(value, at: path)
            case "ca_file": settings.caFile = reader.string(value, at: path)
            case "processed_folder": reader.string(value, at: path).map { settings.processedFolder = $0 }
            case "quarantine_folder": reader.string(value, at: path).map { settings.quarantineFolder = $0 }
            case "poll_interval": reader.duration(value, at: path).map { settings.pollInterval = $0 }
            case "idle": reader.bool(value, at: path).map { settings.idle = $0 }
            default: break
            }
        }
        settings.password = secret(
            environmentKey: "TICKETD_IMAP_PASSWORD", credential: "imap-password", file: settings.passwordFile,
            path: "mailbox.password_file", reader: reader, notes: &notes)
        if let caFile = settings.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            reader.report("mailbox.ca_file", "cannot read \(caFile)")
        }
        return settings
    }

    private func smtp(_ node: Node, reader: YAMLNodeReader, notes: inout [String]) -> SMTPSettings {
        var settings = SMTPSettings()
        for (key, value) in reader.mapping(
            node, at: "smtp", allowed: ["url", "username", "password_file", "ca_file", "envelope_from"])
        {
            let path = "smtp.\(key)"
            switch key {
            case "url":
                if let url = reader.string(value, at: path) {
                    settings.url = url
                    let scheme = URLComponents(string: url)?.scheme?.lowercased()
                    if scheme != "smtp" && scheme != "smtps" || URLComponents(string: url)?.host?.isEmpty != false {
                        reader.report(path, "\"\(url)\" is not an smtp:// or smtps:// URL with a host")
                    }
                }
            case "username": settings.username = reader.string(value, at: path)
            case "password_file": settings.passwordFile = reader.string(value, at: path)
            case "ca_file": settings.caFile = reader.string(value, at: path)
            case "envelope_from":
                if let text = reader.string(value, at: path) {
                    if let address = AddressList.parse(text).first {
                        settings.envelopeFrom = address.email
                    } else {
                        reader.report(path, "\"\(text)\" is not a mail address")
                    }
                }
            default: break
            }
        }
        settings.password = secret(
            environmentKey: "TICKETD_SMTP_PASSWORD", credential: "smtp-password", file: settings.passwordFile,
            path: "smtp.password_file", reader: reader, notes: &notes)
        return settings
    }

    /// A password: the environment wins, then a systemd credential, then the file (which must
    /// not be readable by group or others).
    private func secret(
        environmentKey: String, credential: String, file: String?, path: String, reader: YAMLNodeReader,
        notes: inout [String]
    ) -> String? {
        if let value = environment[environmentKey], !value.isEmpty {
            notes.append("\(environmentKey) is set and overrides \(path)")
            return value
        }
        if let directory = environment["CREDENTIALS_DIRECTORY"],
            let data = FileManager.default.contents(atPath: "\(directory)/\(credential)")
        {
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        guard let file else { return nil }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else {
            reader.report(path, "\(file) does not exist")
            return nil
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        if mode & 0o077 != 0 {
            reader.report(
                path, "\(file) is readable by group or others (mode \(String(mode, radix: 8))); chmod 600 it")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            reader.report(path, "cannot read \(file)")
            return nil
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    private func analysts(_ node: Node, reader: YAMLNodeReader) -> [Analyst] {
        var result: [Analyst] = []
        for (index, entry) in reader.sequence(node, at: "analysts").enumerated() {
            let path = "analysts[\(index)]"
            var analyst = Analyst(name: "", email: "")
            for (key, value) in reader.mapping(
                entry, at: path,
                allowed: ["name", "email", "tier", "skills", "on_duty", "lead", "max_open", "pager", "auth_id"])
            {
                let keyPath = "\(path).\(key)"
                switch key {
                case "name": reader.string(value, at: keyPath).map { analyst.name = $0 }
                case "email":
                    if let text = reader.string(value, at: keyPath) {
                        if let address = AddressList.parse(text).first {
                            analyst.email = address.email
                        } else {
                            reader.report(keyPath, "\"\(text)\" is not a mail address")
                        }
                    }
                case "tier": reader.int(value, at: keyPath, minimum: 1).map { analyst.tier = $0 }
                case "skills": analyst.skills = reader.stringList(value, at: keyPath)
                case "on_duty":
                    if let text = reader.string(value, at: keyPath) {
                        switch text.lowercased() {
                        case "true", "yes", "on": analyst.duty = .always
                        case "false", "no", "off": analyst.duty = .never
                        default: analyst.duty = .calendar(text)  // checked against calendars below
                        }
                    }
                case "max_open": reader.int(value, at: keyPath, minimum: 0).map { analyst.maxOpen = $0 }
                case "pager":
                    if let text = reader.string(value, at: keyPath) {
                        if let address = AddressList.parse(text).first, address.email.contains("@") {
                            analyst.pager = address.email
                        } else {
                            reader.report(keyPath, "\"\(text)\" is not a mail address")
                        }
                    }
                case "lead": reader.bool(value, at: keyPath).map { analyst.lead = $0 }
                case "auth_id": reader.string(value, at: keyPath).map { analyst.authID = $0 }
                default: break
                }
            }
            let keys = Set(entry.mapping?.keys.compactMap(\.string) ?? [])
            if !keys.contains("name") { reader.report("\(path).name", "an analyst needs a name") }
            if !keys.contains("email") { reader.report("\(path).email", "an analyst needs an email") }
            if result.contains(where: { $0.name == analyst.name && !analyst.name.isEmpty }) {
                reader.report("\(path).name", "\"\(analyst.name)\" is named twice")
            }
            result.append(analyst)
        }
        return result
    }

    /// `calendars:`, each parsed once into a business calendar; a bad entry is named with its path.
    private func calendars(_ node: Node, reader: YAMLNodeReader) -> [String: BusinessCalendar] {
        var result: [String: BusinessCalendar] = [:]
        for (name, entry) in reader.mapping(node, at: "calendars") {
            let path = "calendars.\(name)"
            if name == "24x7" { reader.report(path, "24x7 is built in and cannot be redefined") }
            var timeZone = TimeZone(identifier: "UTC")!
            var openings: [BusinessCalendar.Opening] = []
            var holidays: [String] = []
            for (key, value) in reader.mapping(entry, at: path, allowed: ["timezone", "hours", "holidays"]) {
                let keyPath = "\(path).\(key)"
                switch key {
                case "timezone":
                    if let zone = reader.string(value, at: keyPath) {
                        if let parsed = TimeZone(identifier: zone) {
                            timeZone = parsed
                        } else {
                            reader.report(keyPath, "\"\(zone)\" is not an IANA time zone")
                        }
                    }
                case "hours":
                    for (days, intervals) in reader.mapping(value, at: keyPath) {
                        let dayPath = "\(keyPath).\(days)"
                        let weekdays = WeekdaySpec.parse(days)
                        if weekdays == nil {
                            reader.report(dayPath, "\"\(days)\" is not a day or day range (mon-fri, sat, sun)")
                        }
                        let list = reader.stringList(intervals, at: dayPath)
                            .flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                        for interval in list {
                            let ends = interval.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
                            guard WeekdaySpec.isValidInterval(interval), ends.count == 2,
                                let start = WeekdaySpec.minutes(ends[0]), let end = WeekdaySpec.minutes(ends[1])
                            else {
                                reader.report(dayPath, "\"\(interval)\" is not an interval like 08:00-17:00")
                                continue
                            }
                            for weekday in weekdays ?? [] {
                                openings.append(BusinessCalendar.Opening(weekday: weekday, start: start, end: end))
                            }
                        }
                    }
                case "holidays":
                    let list = reader.stringList(value, at: keyPath)
                    for (index, day) in list.enumerated() where !WeekdaySpec.isValidDate(day) {
                        reader.report("\(keyPath)[\(index)]", "\"\(day)\" is not a date like 2026-12-25")
                    }
                    holidays = list
                default: break
                }
            }
            result[name] = BusinessCalendar(
                name: name, timeZone: timeZone, openings: openings, holidays: Set(holidays))
        }
        return result
    }

    /// A `when:` mapping: a regular expression per field (`from_group` names a group).
    private func conditions(
        _ node: Node, at path: String, config: TicketdConfiguration, reader: YAMLNodeReader
    ) -> [(field: RoutingRule.Field, regex: NSRegularExpression)] {
        var patterns: [(field: RoutingRule.Field, regex: NSRegularExpression)] = []
        let allowed = Set(RoutingRule.Field.allCases.map(\.rawValue))
        for (field, patternNode) in reader.mapping(node, at: path, allowed: allowed) {
            let fieldPath = "\(path).\(field)"
            guard let pattern = reader.string(patternNode, at: fieldPath), let kind = RoutingRule.Field(rawValue: field)
            else { continue }
            if kind == .fromGroup {
                if config.groups[pattern] == nil { reader.report(fieldPath, "unknown group \"\(pattern)\"") }
                patterns.append(
                    (
                        kind,
                        try! NSRegularExpression(pattern: "^" + NSRegularExpression.escapedPattern(for: pattern) + "$")
                    ))
                continue
            }
            do {
                patterns.append((kind, try NSRegularExpression(pattern: pattern)))
            } catch {
                reader.report(fieldPath, "\"\(pattern)\" is not a valid regular expression")
            }
        }
        return patterns
    }

    /// `critical_when:` / `high_when:`: conditions (as a rule's `when`) that raise a new ticket
    /// to that priority whatever rule routed it.
    private func severityRule(
        _ key: String, _ node: Node, config: TicketdConfiguration, reader: YAMLNodeReader
    ) -> RoutingRule? {
        let patterns = conditions(node, at: key, config: config, reader: reader)
        guard !patterns.isEmpty else {
            // A mapping with keys had its mistakes named already.
            if (node.mapping?.count ?? 0) == 0 {
                reader.report(
                    key, "needs at least one condition (subject, body, subject_or_body, from, to, from_group)")
            }
            return nil
        }
        let priority: Priority = key == "critical_when" ? .critical : .high
        return RoutingRule(name: key, patterns: patterns, outcome: RoutingRule.Outcome(priority: priority))
    }

    private func rules(_ node: Node, config: TicketdConfiguration, reader: YAMLNodeReader) -> [RoutingRule] {
        var result: [RoutingRule] = []
        for (index, entry) in reader.sequence(node, at: "rules").enumerated() {
            let path = "rules[\(index)]"
            var name = "rule \(index + 1)"
            var patterns: [(field: RoutingRule.Field, regex: NSRegularExpression)] = []
            var outcome = RoutingRule.Outcome()
            for (key, value) in reader.mapping(entry, at: path, allowed: ["name", "when", "set"]) {
                switch key {
                case "name": reader.string(value, at: "\(path).name").map { name = $0 }
                case "when": patterns = conditions(value, at: "\(path).when", config: config, reader: reader)
                case "set":
                    let allowed: Set<String> = ["category", "priority", "skill", "tier", "calendar"]
                    for (field, fieldValue) in reader.mapping(value, at: "\(path).set", allowed: allowed) {
                        let fieldPath = "\(path).set.\(field)"
                        switch field {
                        case "category":
                            if let category = reader.string(fieldValue, at: fieldPath) {
                                if !config.categories.isEmpty, !config.categories.contains(category) {
                                    reader.report(fieldPath, "unknown category \"\(category)\" (not under categories)")
                                }
                                outcome.category = category
                            }
                        case "priority": outcome.priority = reader.priority(fieldValue, at: fieldPath)
                        case "skill": outcome.skill = reader.string(fieldValue, at: fieldPath)
                        case "tier": outcome.tier = reader.int(fieldValue, at: fieldPath, minimum: 1)
                        case "calendar":
                            if let calendar = reader.string(fieldValue, at: fieldPath) {
                                if calendar != "24x7", config.calendars[calendar] == nil {
                                    reader.report(fieldPath, "unknown calendar \"\(calendar)\"")
                                }
                                outcome.calendar = calendar
                            }
                        default: break
                        }
                    }
                default: break
                }
            }
            if patterns.isEmpty { reader.report("\(path).when", "a rule needs at least one condition") }
            result.append(RoutingRule(name: name, patterns: patterns, outcome: outcome))
        }
        return result
    }

    private func slaPolicies(
        _ node: Node, config: TicketdConfiguration, reader: YAMLNodeReader
    ) -> [Priority: SLAPolicySettings] {
        var result: [Priority: SLAPolicySettings] = [:]
        let allowed: Set<String> = [
            "first_response", "resolution", "calendar", "warn_at", "escalate_to", "escalate_every",
            "pause_when_pending",
        ]
        for (name, entry) in reader.mapping(node, at: "sla") {
            let path = "sla.\(name)"
            guard let priority = Priority(rawValue: name) else {
                reader.report(path, "\"\(name)\" is not a priority (critical, high, medium, low)")
                continue
            }
            var policy = SLAPolicySettings()
            for (key, value) in reader.mapping(entry, at: path, allowed: allowed) {
                let keyPath = "\(path).\(key)"
                switch key {
                case "first_response": policy.firstResponse = reader.duration(value, at: keyPath)
                case "resolution": policy.resolution = reader.duration(value, at: keyPath)
                case "calendar":
                    if let calendar = reader.string(value, at: keyPath) {
                        if calendar != "24x7", config.calendars[calendar] == nil {
                            reader.report(keyPath, "unknown calendar \"\(calendar)\"")
                        }
                        policy.calendar = calendar
                    }
                case "warn_at": reader.fraction(value, at: keyPath).map { policy.warnAt = $0 }
                case "escalate_to":
                    policy.escalateTo = reader.stringList(value, at: keyPath)
                    for (index, target) in policy.escalateTo.enumerated()
                    where !["assignee", "lead", "on_duty"].contains(target) && config.groups[target] == nil {
                        reader.report(
                            "\(keyPath)[\(index)]", "unknown group \"\(target)\" (assignee, lead, on_duty or a group)")
                    }
                case "escalate_every": policy.escalateEvery = reader.duration(value, at: keyPath)
                case "pause_when_pending": reader.bool(value, at: keyPath).map { policy.pauseWhenPending = $0 }
                default: break
                }
            }
            result[priority] = policy
        }
        return result
    }

    private func problems(_ node: Node, reader: YAMLNodeReader) -> ProblemSettings {
        var settings = ProblemSettings()
        for (key, value) in reader.mapping(node, at: "problems", allowed: ["storm", "notify", "match_threshold"]) {
            if key == "notify" { reader.string(value, at: "problems.notify").map { settings.notify = $0 } }
            if key == "match_threshold", let share = reader.double(value, at: "problems.match_threshold") {
                if share <= 0 || share > 1 {
                    reader.report("problems.match_threshold", "\(share) is not a share between 0 (exclusive) and 1")
                }
                settings.matchThreshold = share
            }
            if key == "storm" {
                for (sub, subValue) in reader.mapping(value, at: "problems.storm", allowed: ["tickets", "within"]) {
                    if sub == "tickets" {
                        reader.int(subValue, at: "problems.storm.tickets", minimum: 0).map {
                            settings.stormTickets = $0
                        }
                    }
                    if sub == "within" {
                        reader.duration(subValue, at: "problems.storm.within").map { settings.stormWithin = $0 }
                    }
                }
            }
        }
        return settings
    }

    private func reports(_ node: Node, reader: YAMLNodeReader) -> ReportSettings {
        var settings = ReportSettings()
        for (_, weekly) in reader.mapping(node, at: "reports", allowed: ["weekly"]) {
            for (key, value) in reader.mapping(weekly, at: "reports.weekly", allowed: ["to", "day", "at"]) {
                let path = "reports.weekly.\(key)"
                switch key {
                case "to": settings.weeklyTo = reader.string(value, at: path)
                case "day":
                    if let day = reader.string(value, at: path) {
                        if WeekdaySpec.parse(day)?.count != 1 {
                            reader.report(path, "\"\(day)\" is not a weekday (mon … sun)")
                        }
                        settings.weeklyDay = day
                    }
                case "at":
                    if let time = reader.string(value, at: path) {
                        if let minute = WeekdaySpec.minutes(time) {
                            settings.weeklyMinute = minute
                        } else {
                            reader.report(path, "\"\(time)\" is not a time like 08:00")
                        }
                        settings.weeklyAt = time
                    }
                default: break
                }
            }
        }
        return settings
    }
}
