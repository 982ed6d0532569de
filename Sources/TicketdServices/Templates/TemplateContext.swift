/// What one template sees: a Sendable value with the template's name and its placeholders as
/// text. One struct per template (or per family of templates sharing their placeholders);
/// rendering reads `placeholders`, a plain dictionary, because swift-mustache reads structs
/// through Mirror, which costs more than the rest of a mail.
public protocol TemplateContext: Sendable {
    /// The template this context renders (`acknowledgement`, `escalation`, ...).
    var templateName: String { get }
    /// Every placeholder the template may use, by name.
    var placeholders: [String: String] { get }
}

/// `acknowledgement`: the requester is told their ticket is open.
public struct AcknowledgementContext: TemplateContext, Equatable {
    public var ticketNumber: Int64
    public var tag: String
    public var subject: String
    public var requesterName: String
    public var supportAddress: String
    /// Knowledge-base articles that may already answer it, with how to say "solved"; or empty.
    public var suggestions: String = ""

    public var templateName: String { "acknowledgement" }

    public var placeholders: [String: String] {
        [
            "ticketNumber": String(ticketNumber), "tag": tag, "subject": subject, "requesterName": requesterName,
            "supportAddress": supportAddress, "suggestions": suggestions,
        ]
    }
}

/// `sla-warning` and `escalation`: a clock is close to or past its target.
public struct SLANoticeContext: TemplateContext, Equatable {
    public enum Notice: String, Sendable {
        case warning = "sla-warning"
        case escalation
    }

    public var notice: Notice
    public var ticketNumber: Int64
    public var tag: String
    public var subject: String
    public var priority: String
    public var clock: String
    public var target: String
    public var due: String
    public var requester: String
    public var assignee: String
    /// 1 for the first level of `escalate_to`.
    public var level: Int
    public var recipientName: String

    public var templateName: String { notice.rawValue }

    public var placeholders: [String: String] {
        [
            "ticketNumber": String(ticketNumber), "tag": tag, "subject": subject, "priority": priority, "clock": clock,
            "target": target, "due": due, "requester": requester, "assignee": assignee, "level": String(level),
            "recipientName": recipientName,
        ]
    }
}

/// A context of each template with every value filled, for `config check` to prove that every
/// placeholder a template uses is one ticketd sets.
enum TemplateSamples {
    static let contexts: [any TemplateContext] = {
        let acknowledgement = AcknowledgementContext(
            ticketNumber: 7, tag: "[Help Desk #7]", subject: "Printer", requesterName: "Nora",
            supportAddress: "support@example.org",
            suggestions: "These articles may already help:\n\n  KB #3 Clearing a paper jam\n\n")
        let warning = SLANoticeContext(
            notice: .warning, ticketNumber: 7, tag: "[Help Desk #7]", subject: "Printer", priority: "high",
            clock: "first response", target: "30m", due: "2026-11-23 15:00 UTC", requester: "Nora <nora@example.org>",
            assignee: "carol", level: 1, recipientName: "Carol")
        var escalation = warning
        escalation.notice = .escalation
        let toRequester = RelayContext(
            direction: .toRequester, ticketNumber: 7, tag: "[Help Desk #7]", subject: "Printer", authorName: "Cindy",
            authorEmail: "cindy@example.org", kindLabel: "Public reply", text: "Please restart it.", status: "open",
            priority: "high", requester: "Nora <nora@example.org>", assignee: "cindy",
            attachmentsNote: "(1 attachment was too large to relay)", deskName: "Help Desk")
        var toAnalyst = toRequester
        toAnalyst.direction = .toAnalyst
        let commandError = CommandErrorContext(
            subject: "Printer", recipientName: "Carol", lineNumber: 2, line: "#asign marsha",
            reason: "unknown command #asign", deskName: "Help Desk")
        let resolved = RequesterNoticeContext(
            notice: .resolved, ticketNumber: 7, tag: "[Help Desk #7]", subject: "Printer", requesterName: "Nora",
            text: "The driver was updated.", since: "2026-11-20", resolveOn: "2026-11-27", deskName: "Help Desk",
            supportAddress: "support@example.org")
        var reminder = resolved
        reminder.notice = .pendingReminder
        let personal =
            "To open a ticket for someone, write to your personal address\n    support+c0123@example.org\n\n"
        var assignment = AnalystNoticeContext(
            notice: .assignment, recipientName: "marsha", ticketNumber: 7, tag: "[Help Desk #7]", subject: "Payroll",
            requester: "Keisha <keisha@example.org>", priority: "high", category: "Break/Fix",
            reason: "skill payroll, tier 2, familiar from #3", due: "first_response 2026-11-23 15:00 UTC",
            urgentNote: "High priority: if you cannot take it now, call the next person up.\n",
            firstMessage: "Payroll will not open.")
        assignment.commandAddressNote = personal
        var unassigned = assignment
        unassigned.notice = .unassigned
        var digest = AnalystDigestContext(
            recipientName: "marsha", date: "2026-11-30", openCount: 2, breachedCount: 1, waitingCount: 1,
            openTickets: "    #7 [high] Payroll - first_response due 2026-11-30 10:30 (breached)",
            unassignedTickets: "Unassigned tickets of your skills:\n    #9 [medium] Payslip\n", deskName: "Help Desk")
        digest.commandAddressNote = personal
        let broadcasts = BroadcastContext.Notice.allCases.map {
            BroadcastContext(
                notice: $0, problemNumber: 7, tag: "[Help Desk #7]", title: "Payroll cannot connect to its server",
                text: "The database server is being restarted.", deskName: "Help Desk",
                supportAddress: "support@example.org")
        }
        let known = KnownProblemAcknowledgementContext(
            ticketNumber: 9, tag: "[Help Desk #9]", subject: "Payroll down", requesterName: "Carl", problemNumber: 7,
            problemTitle: "Payroll cannot connect to its server", latestUpdate: "restarting the database",
            supportAddress: "support@example.org")
        let storm = PossibleOutageContext(
            recipientName: "carol", count: 3, within: "10m", tickets: "    #4 Payroll down\n    #5 payroll error",
            deskName: "Help Desk")
        return [
            acknowledgement, warning, escalation, toRequester, toAnalyst, commandError, resolved, reminder, assignment,
            unassigned, digest, known, storm,
            ReportContext(
                week: "2026-W48", window: "2026-11-23 to 2026-11-30", table: "tickets_created: 12",
                deskName: "Help Desk"),
        ] + broadcasts
    }()

    /// The placeholder names each template may use.
    static let placeholderNames: [String: Set<String>] = Dictionary(
        uniqueKeysWithValues: contexts.map { ($0.templateName, Set($0.placeholders.keys)) })
}
