/// `relay-to-requester` and `relay-to-analyst`: a person's words carried to the other side of
/// the ticket (an analyst's public reply to the requester and watchers; a requester's reply or
/// an internal note to the assignee).
public struct RelayContext: TemplateContext, Equatable {
    public enum Direction: String, Sendable {
        case toRequester = "relay-to-requester"
        case toAnalyst = "relay-to-analyst"
    }

    public var direction: Direction
    public var ticketNumber: Int64
    public var tag: String
    public var subject: String
    public var authorName: String
    public var authorEmail: String
    /// "Reply from the requester", "Internal note", "Public reply".
    public var kindLabel: String
    public var text: String
    public var status: String
    public var priority: String
    public var requester: String
    public var assignee: String
    /// Says which attachments could not be carried, or empty.
    public var attachmentsNote: String
    public var deskName: String

    public var templateName: String { direction.rawValue }

    public var placeholders: [String: String] {
        [
            "ticketNumber": String(ticketNumber), "tag": tag, "subject": subject, "authorName": authorName,
            "authorEmail": authorEmail, "kindLabel": kindLabel, "text": text, "status": status, "priority": priority,
            "requester": requester, "assignee": assignee, "attachmentsNote": attachmentsNote, "deskName": deskName,
            "commands": MailCommandsHelp.text,
        ]
    }
}

/// `command-error`: an analyst's mail was not applied; the bad line and why.
public struct CommandErrorContext: TemplateContext, Equatable {
    public var subject: String
    public var recipientName: String
    public var lineNumber: Int
    public var line: String
    public var reason: String
    public var deskName: String

    public var templateName: String { "command-error" }

    public var placeholders: [String: String] {
        [
            "subject": subject, "recipientName": recipientName, "lineNumber": String(lineNumber), "line": line,
            "reason": reason, "deskName": deskName, "commands": MailCommandsHelp.text,
        ]
    }
}

/// `resolved` and `pending-reminder`: the requester is told where their ticket stands.
public struct RequesterNoticeContext: TemplateContext, Equatable {
    public enum Notice: String, Sendable {
        case resolved
        case pendingReminder = "pending-reminder"
    }

    public var notice: Notice
    public var ticketNumber: Int64
    public var tag: String
    public var subject: String
    public var requesterName: String
    /// The resolving analyst's words, or why ticketd resolved it; may be empty.
    public var text: String
    /// For the reminder: since when the ticket waits, and when it will be resolved.
    public var since: String
    public var resolveOn: String
    public var deskName: String
    public var supportAddress: String

    public var templateName: String { notice.rawValue }

    public var placeholders: [String: String] {
        [
            "ticketNumber": String(ticketNumber), "tag": tag, "subject": subject, "requesterName": requesterName,
            "text": text, "since": since, "resolveOn": resolveOn, "deskName": deskName,
            "supportAddress": supportAddress,
        ]
    }
}
