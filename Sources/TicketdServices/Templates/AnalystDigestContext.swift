/// `analyst-digest`: an analyst's "my tickets" mail.
public struct AnalystDigestContext: TemplateContext, Equatable {
    public var recipientName: String
    /// The analyst's local date.
    public var date: String
    public var openCount: Int
    public var breachedCount: Int
    public var waitingCount: Int
    /// One line per open ticket, or "    (none)".
    public var openTickets: String
    /// "Unassigned tickets of your skills:" and a line each, or empty.
    public var unassignedTickets: String
    public var deskName: String
    /// The analyst's personal command address and how to use it, or empty.
    public var commandAddressNote: String = ""

    public var templateName: String { "analyst-digest" }

    public var placeholders: [String: String] {
        [
            "recipientName": recipientName, "date": date, "openCount": String(openCount),
            "breachedCount": String(breachedCount), "waitingCount": String(waitingCount), "openTickets": openTickets,
            "unassignedTickets": unassignedTickets, "deskName": deskName, "commandAddressNote": commandAddressNote,
        ]
    }
}
