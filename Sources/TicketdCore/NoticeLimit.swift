/// How many notices ticketd mails analysts in an hour (`notice_limit:`), so a burst of mail
/// (forged or real) cannot page the on-call analyst fifteen times or bury them in assignment
/// notices: past a cap the ticket is still theirs and on their digest, the trail says why no
/// notice went. Pure; the counts come from the store's notice log.
///
/// ```swift
/// NoticeLimit().assignment(toAnalyst: 3, aboutSender: 0, pagesToAnalyst: 0, pagesAboutSender: 3, urgent: true)
/// // Decision(notify: true, page: false, reason: "no page: 3 pages about this requester went out this hour …")
/// ```
public struct NoticeLimit: Sendable, Equatable {
    /// Assignment notices to one analyst in an hour.
    public var perAnalystPerHour = 30
    /// Assignment notices about one requester's tickets (to anyone) in an hour.
    public var perSenderPerHour = 10
    /// Pager copies to one analyst in an hour.
    public var pagesPerAnalystPerHour = 6
    /// Pager copies about one requester's tickets in an hour.
    public var pagesPerSenderPerHour = 3
    /// Relays of one sender's mail on one ticket in an hour.
    public var relaysPerTicketSenderPerHour = 30
    /// Announcements of children linked automatically to one problem in an hour.
    public var announcementsPerProblemPerHour = 10

    public init() {}

    /// What one assignment may send.
    public struct Decision: Sendable, Equatable {
        public var notify: Bool
        public var page: Bool
        /// Why something was held back (for the trail), nil when nothing was.
        public var reason: String?

        public init(notify: Bool, page: Bool, reason: String?) {
            self.notify = notify
            self.page = page
            self.reason = reason
        }
    }

    /// Whether an assignment notice (and, for an `urgent` ticket, a page) may go out, given what
    /// went out in the last hour.
    public func assignment(
        toAnalyst: Int, aboutSender: Int, pagesToAnalyst: Int, pagesAboutSender: Int, urgent: Bool
    ) -> Decision {
        if toAnalyst >= perAnalystPerHour {
            return Decision(
                notify: false, page: false,
                reason:
                    "\(toAnalyst) assignment notices went to this analyst this hour (notice_limit.per_analyst_per_hour); the ticket is on their digest"
            )
        }
        if aboutSender >= perSenderPerHour {
            return Decision(
                notify: false, page: false,
                reason:
                    "\(aboutSender) assignment notices about this requester went out this hour (notice_limit.per_sender_per_hour); the ticket is on the analyst's digest"
            )
        }
        guard urgent else { return Decision(notify: true, page: false, reason: nil) }
        if pagesToAnalyst >= pagesPerAnalystPerHour {
            return Decision(
                notify: true, page: false,
                reason:
                    "no page: \(pagesToAnalyst) pages went to this analyst this hour (notice_limit.pages_per_analyst_per_hour)"
            )
        }
        if pagesAboutSender >= pagesPerSenderPerHour {
            return Decision(
                notify: true, page: false,
                reason:
                    "no page: \(pagesAboutSender) pages about this requester went out this hour (notice_limit.pages_per_sender_per_hour)"
            )
        }
        return Decision(notify: true, page: true, reason: nil)
    }

    /// Whether one more relay of this sender's mail on this ticket may go out.
    public func allowsRelay(sentThisHour: Int) -> Bool { sentThisHour < relaysPerTicketSenderPerHour }
}
