/// `assignment` and `unassigned`: an analyst is told a ticket is theirs, or that nobody could
/// be given it.
public struct AnalystNoticeContext: TemplateContext, Equatable {
    public enum Notice: String, Sendable {
        case assignment
        case unassigned
    }

    public var notice: Notice
    public var recipientName: String
    public var ticketNumber: Int64
    public var tag: String
    public var subject: String
    public var requester: String
    public var priority: String
    public var category: String
    /// Why this analyst (or why nobody): "skill payroll, tier 2, familiar from #97".
    public var reason: String
    /// The SLA due times, "first_response 2026-11-30 10:30 EST; resolution …", or "no SLA".
    public var due: String
    /// For critical and high tickets: call the next person up; else empty.
    public var urgentNote: String
    public var firstMessage: String
    /// The recipient's personal command address and how to use it (`assignment` to the analyst
    /// only), or empty.
    public var commandAddressNote: String = ""

    public var templateName: String { notice.rawValue }

    public var placeholders: [String: String] {
        [
            "recipientName": recipientName, "ticketNumber": String(ticketNumber), "tag": tag, "subject": subject,
            "requester": requester, "priority": priority, "category": category, "reason": reason, "due": due,
            "urgentNote": urgentNote, "firstMessage": firstMessage, "commands": MailCommandsHelp.text,
            "commandAddressNote": commandAddressNote,
        ]
    }
}
