import Foundation
import TicketdCore
import TicketdMIME
import TicketdMail
import TicketdStore

/// The operations a person or a program asks of the help desk — the command line now, the
/// dashboard later: queries, operator changes, quarantine, backup, retention, status. Nothing
/// outside Services needs the store or the mail transport to do them.
public struct HelpDesk: Sendable {
    public let runtime: TicketdRuntime

    public init(runtime: TicketdRuntime) {
        self.runtime = runtime
    }

    /// Tickets, newest first.
    public func tickets(
        status: TicketStatus? = nil, assignee: String? = nil, requester: String? = nil, limit: Int = 50
    )
        throws -> [Ticket]
    {
        let filter = TicketFilter(status: status, assignee: assignee, requester: requester, limit: limit)
        return try runtime.store.read { try $0.tickets(filter) }
    }

    /// One ticket with messages, events and clocks, or nil.
    public func ticket(_ id: Int64) throws -> Ticket? {
        try runtime.store.read { try $0.ticketDetail(id) }
    }

    /// An operator's change (`ticket set`), through the planner and the applier.
    public func change(_ id: Int64, _ change: TicketChange, actor: String, at now: Date) throws -> Ticket? {
        try change.validate(against: runtime.configuration)
        return try runtime.store.write { session in
            try change.apply(
                to: id, actor: actor, at: now, applier: runtime.intake.applier, roster: runtime.intake.roster,
                in: session)
            return try session.ticket(id)
        }
    }

    /// A ticket on behalf of a user (`ticket create`): acknowledged to them, then changed by
    /// the operator (priority, assignee) like `ticket set`.
    public func createTicket(
        requester: String, subject: String, body: String, priority: Priority?, assignee: String?, actor: String,
        at now: Date
    ) throws -> Ticket? {
        guard let address = AddressList.parse(requester).first, address.email.contains("@") else {
            throw OperationError(.invalid, "--requester: \"\(requester)\" is not a mail address")
        }
        guard !subject.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OperationError(.invalid, "--subject must not be empty")
        }
        let change = TicketChange(priority: priority, assignee: assignee)
        try change.validate(against: runtime.configuration)
        return try runtime.store.write { session in
            let by = ChangeActor(name: actor, role: .operator)
            let id = try runtime.intake.openTicket(
                for: address, subject: subject, body: body, by: by, autoAssign: assignee == nil, at: now, in: session)
            if priority != nil || assignee != nil {
                try change.apply(to: id, actor: actor, at: now, applier: runtime.intake.applier, in: session)
            }
            return try session.ticket(id)
        }
    }

    /// The analysts now: tier, skills, on duty, open load, oldest running clock.
    public func analysts(at now: Date) throws -> [AnalystStatus] {
        let roster = runtime.intake.roster
        return try runtime.store.read { session in
            let load = try session.openTicketCountsByAssignee()
            return try runtime.configuration.analysts.map { analyst in
                AnalystStatus(
                    name: analyst.name, email: analyst.email, tier: analyst.tier, skills: analyst.skills,
                    onDuty: roster.isOnDuty(analyst, at: now), open: load[analyst.name] ?? 0,
                    oldestDueAt: try session.earliestRunningDue(ofAssignee: analyst.name))
            }
        }
    }

    /// Which rule a mail would match and whom its ticket would go to now (`rules test`); reads
    /// the store (load, familiarity) and changes nothing.
    public func testRules(_ raw: [UInt8], at now: Date) throws -> RuleTestReport {
        let message: ParsedMessage
        do {
            message = try MIMEParser().parse(raw)
        } catch {
            throw OperationError(.invalid, "the mail cannot be read: \(error)")
        }
        let sender = message.from?.email ?? ""
        let routing = runtime.intake.router.route(
            subject: message.subject, from: sender, recipients: (message.to + message.cc).map(\.email),
            body: message.textBody)
        let tier = routing.outcome.tier ?? 1
        let decision = try runtime.store.read { session in
            let familiar = try session.lastAssignee(
                ofRequester: sender, category: routing.outcome.category,
                since: now.addingTimeInterval(-Assignment.familiarityWindow), excluding: 0
            ).map { Assignment.Familiar(analyst: $0.analyst, ticketID: $0.ticketID) }
            return try runtime.intake.roster.assignment(at: now, in: session).choose(
                skill: routing.outcome.skill, tier: tier, familiar: familiar)
        }
        var report = RuleTestReport(
            rule: routing.ruleName, severity: routing.severity, vip: routing.vip, priority: routing.priority,
            category: routing.outcome.category, skill: routing.outcome.skill, tier: tier, analyst: nil, reason: "")
        switch decision {
        case .assign(let name, let reason):
            report.analyst = name
            report.reason = reason
        case .unassigned(let reason, let notify):
            report.reason = "\(reason); would tell \(notify.isEmpty ? "nobody" : notify.joined(separator: ", "))"
        }
        if !runtime.configuration.autoAssign { report.reason += " (auto_assign is off: it would stay unassigned)" }
        return report
    }

    /// `problem create`: a problem, its children, and an outage broadcast to `notify` groups
    /// (and the children's requesters).
    public func createProblem(
        title: String, children: [Int64], notify: [String], priority: Priority?, actor: String, at now: Date
    ) throws -> Ticket? {
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OperationError(.invalid, "--title must not be empty")
        }
        for group in notify where runtime.configuration.groups[group] == nil {
            throw OperationError(
                .invalid,
                "--notify: unknown group \"\(group)\" (configured: \(runtime.configuration.groups.keys.sorted().joined(separator: ", ")))"
            )
        }
        let problems = runtime.intake.applier.problems
        let by = ChangeActor(name: actor, role: .operator)
        return try runtime.store.write { session in
            for child in children where try session.ticket(child, relations: false) == nil {
                throw OperationError(.notFound, "--link: no ticket #\(child)")
            }
            let highest = try children.compactMap { try session.ticket($0, relations: false)?.priority }.min()
            let id = try problems.open(
                title: title, priority: priority ?? highest ?? runtime.configuration.defaultPriority, assignee: nil,
                by: by, at: now, in: session)
            for child in children {
                try problems.link(child, to: id, by: by, reason: "linked by problem create", at: now, in: session)
            }
            if !notify.isEmpty {
                let people = try problems.broadcaster.audience(problem: id, notify, in: session)
                try problems.broadcaster.send(
                    .outage, problem: id, audience: notify, to: people, smsGroups: notify, text: "",
                    key: "outage:\(id)", by: by, at: now, in: session)
            }
            return try session.ticket(id)
        }
    }

    /// `problem resolve`: the problem and every open child, everyone told once.
    public func resolveProblem(_ id: Int64, note: String, actor: String, at now: Date) throws -> Ticket? {
        try runtime.store.write { session in
            guard try session.isProblem(id) else { throw OperationError(.invalid, "ticket #\(id) is not a problem") }
            var request = TicketChangeRequest(status: .resolved, reason: "problem resolved")
            request.noticeText = note
            try runtime.intake.applier.change(
                id, request, by: ChangeActor(name: actor, role: .operator), at: now, in: session)
            return try session.ticket(id)
        }
    }

    /// Open problems, with their children.
    public func problems() throws -> [Ticket] {
        try runtime.store.read { try $0.openProblemTickets() }
    }

    /// `ticketd broadcast`: a broadcast template to exactly the groups named (`children`: the
    /// problem's children's requesters), each person once; `isPublic` marks its text as meant for
    /// everyone (quoted to later senders). Returns how many mails were queued.
    public func broadcast(
        groups: [String], template: String, ticket: Int64?, text: String, isPublic: Bool = false, actor: String,
        at now: Date
    ) throws -> Int {
        guard let notice = BroadcastContext.Notice(rawValue: template) else {
            throw OperationError(
                .invalid,
                "--template must be one of \(BroadcastContext.Notice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for group in groups where group != Broadcaster.children && runtime.configuration.groups[group] == nil {
            throw OperationError(.invalid, "--group: unknown group \"\(group)\" (or \"children\")")
        }
        guard !groups.isEmpty else {
            throw OperationError(
                .invalid, "--group is needed: the groups to tell (\"children\" for the children's requesters)")
        }
        guard let ticket else {
            throw OperationError(.invalid, "--ticket N is needed: the problem the broadcast is about")
        }
        let broadcaster = runtime.intake.applier.problems.broadcaster
        return try runtime.store.write { session in
            guard try session.ticket(ticket, relations: false) != nil else {
                throw OperationError(.notFound, "no ticket #\(ticket)")
            }
            let people = try broadcaster.audience(problem: ticket, groups, in: session)
            return try broadcaster.send(
                notice, problem: ticket, audience: groups, to: people, smsGroups: notice == .outage ? groups : [],
                text: text, isPublic: isPublic,
                key: "cli:\(ticket):\(template):\(JSONOutput.rfc3339(now)):\(UUID().uuidString)",
                by: ChangeActor(name: actor, role: .operator), at: now, in: session)
        }
    }

    /// The report for `[from, to)`, from the event trails only.
    public func report(from: Date, to: Date, now: Date = Date()) throws -> HelpDeskReport {
        guard to > from else {
            throw OperationError(
                .invalid, "--to (\(JSONOutput.rfc3339(to))) must be after --from (\(JSONOutput.rfc3339(from)))")
        }
        let builder = ReportBuilder(configuration: runtime.configuration, sla: runtime.intake.sla)
        return try builder.report(from: from, to: to, now: now, in: runtime.store)
    }

    /// `kb add`: an article; returns it.
    public func addArticle(title: String, body: String, actor: String, at now: Date) throws -> KnowledgeArticle? {
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OperationError(.invalid, "--title must not be empty")
        }
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw OperationError(.invalid, "the article's text is empty")
        }
        return try runtime.store.write { session in
            let id = try session.addArticle(title: title, body: body, ticketID: nil, createdBy: actor, at: now)
            return try session.article(id)
        }
    }

    /// `kb publish`: a draft (a `#kb` article) is offered to users from now on, under `title`
    /// when given; returns it.
    public func publishArticle(_ id: Int64, title: String?) throws -> KnowledgeArticle? {
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            throw OperationError(.invalid, "--title must not be empty")
        }
        return try runtime.store.write { session in
            guard try session.publishArticle(id, title: title) else {
                throw OperationError(.notFound, "no article #\(id)")
            }
            return try session.article(id)
        }
    }

    /// `kb search`: articles matching `words`, best first, with their scores.
    public func searchArticles(_ words: String, limit: Int = 10) throws -> [KnowledgeArticle] {
        try runtime.store.read { try runtime.intake.knowledgeBase.search(words, limit: limit, in: $0) }
    }

    public func article(_ id: Int64) throws -> KnowledgeArticle? {
        try runtime.store.read { try $0.article(id) }
    }

    public func articles() throws -> [KnowledgeArticle] {
        try runtime.store.read { try $0.articles() }
    }

    /// Quarantined mail, newest first.
    public func quarantined(limit: Int = 200) throws -> [QuarantinedMail] {
        try runtime.store.read { try $0.quarantineEntries(limit: limit) }
    }

    /// Runs a quarantined mail through the intake again.
    public func retryQuarantined(_ id: Int64, at now: Date) throws -> MailIntake.Outcome {
        try QuarantineRetry(store: runtime.store, intake: runtime.intake).retry(id, at: now)
    }

    /// A consistent copy of the live database.
    public func backup(to file: String) throws {
        try runtime.store.backup(to: file)
    }

    /// Retention (`ticketd purge`).
    public func purge(closedBefore cutoff: Date, dryRun: Bool) throws -> PurgeReport {
        try Retention(runtime: runtime).purge(closedBefore: cutoff, dryRun: dryRun)
    }

    /// `ticketd status`.
    public func status() throws -> StatusReport {
        try StatusReport.read(from: runtime.store)
    }
}

/// What a purge removed; defined by the store.
public typealias PurgeReport = TicketdStore.PurgeReport

/// A quarantined mail as operators see it (`quarantine list`, and its JSON shape).
public typealias QuarantinedMail = TicketdStore.QuarantineEntry

/// How the command line ends on a failure: the message a person reads and the contract's exit
/// code (1 a runtime failure, 2 bad usage or configuration), for every error Services lets out.
public enum CommandFailure {
    public static func exit(for error: any Error) -> (message: String, code: Int32)? {
        switch error {
        case let error as ConfigurationError: ("configuration error in \(error)", 2)
        case let error as TemplateError: ("template error: \(error)", 2)
        case let error as OperationError: ("\(error)", error.code == .notFound ? 1 : 2)
        case let error as MailError: ("\(error)", error.code == .configuration ? 2 : 1)
        case let error as StoreError: ("\(error)", 1)
        default: nil
        }
    }

    /// Process-wide set-up of the C libraries, once, before any thread starts (libcurl).
    public static func initializeLibraries() {
        _ = CurlLibrary.initialize()
    }
}
