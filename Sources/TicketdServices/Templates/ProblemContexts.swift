/// `broadcast-outage`, `broadcast-outage-short`, `broadcast-update` and `broadcast-resolved`: an
/// outage told to everyone affected.
public struct BroadcastContext: TemplateContext, Equatable {
    public enum Notice: String, Sendable, CaseIterable {
        case outage = "broadcast-outage"
        case outageShort = "broadcast-outage-short"
        case update = "broadcast-update"
        case resolved = "broadcast-resolved"
    }

    public var notice: Notice
    public var problemNumber: Int64
    public var tag: String
    public var title: String
    /// An analyst's words (update, resolution note), or empty.
    public var text: String
    public var deskName: String
    public var supportAddress: String

    public var templateName: String { notice.rawValue }

    public var placeholders: [String: String] {
        [
            "problemNumber": String(problemNumber), "tag": tag, "title": title, "text": text, "deskName": deskName,
            "supportAddress": supportAddress,
        ]
    }

    /// Text messages must fit one SMS.
    public static let shortLimit = 160
}

/// `acknowledgement-known-problem`: a new ticket is part of a known outage.
public struct KnownProblemAcknowledgementContext: TemplateContext, Equatable {
    public var ticketNumber: Int64
    public var tag: String
    public var subject: String
    public var requesterName: String
    public var problemNumber: Int64
    public var problemTitle: String
    public var latestUpdate: String
    public var supportAddress: String

    public var templateName: String { "acknowledgement-known-problem" }

    public var placeholders: [String: String] {
        [
            "ticketNumber": String(ticketNumber), "tag": tag, "subject": subject, "requesterName": requesterName,
            "problemNumber": String(problemNumber), "problemTitle": problemTitle, "latestUpdate": latestUpdate,
            "supportAddress": supportAddress,
        ]
    }
}

/// `possible-outage`: similar tickets arrived together and no problem covers them.
public struct PossibleOutageContext: TemplateContext, Equatable {
    public var recipientName: String
    public var count: Int
    public var within: String
    /// One line per ticket.
    public var tickets: String
    public var deskName: String

    public var templateName: String { "possible-outage" }

    public var placeholders: [String: String] {
        [
            "recipientName": recipientName, "count": String(count), "within": within, "tickets": tickets,
            "deskName": deskName,
        ]
    }
}
