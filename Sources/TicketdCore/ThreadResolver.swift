/// Decides which ticket an incoming mail belongs to (ARCHITECTURE.md "Mail rules"):
/// the subject tag first, then In-Reply-To/References naming a stored Message-ID, else a new
/// ticket. Only the requester, the watchers and analysts may join a thread; anyone else, and
/// any mail to a closed ticket, opens a new ticket that refers to the old one.
public struct ThreadResolver: Sendable {
    /// What the resolver needs to know of an existing ticket.
    public struct TicketSnapshot: Sendable, Equatable {
        public var id: Int64
        public var status: TicketStatus
        public var requesterEmail: String
        public var watchers: Set<String>

        public init(id: Int64, status: TicketStatus, requesterEmail: String, watchers: Set<String>) {
            self.id = id
            self.status = status
            self.requesterEmail = requesterEmail.lowercased()
            self.watchers = Set(watchers.map { $0.lowercased() })
        }
    }

    /// The outcome for one mail.
    public enum Decision: Sendable, Equatable {
        /// Add the mail to this ticket.
        case thread(ticketID: Int64)
        /// Open a new ticket; `refersTo` names the ticket the mail pointed at but may not join.
        case newTicket(refersTo: Int64?, reason: String?)
    }

    public let subjectTag: SubjectTag

    public init(subjectTag: SubjectTag) {
        self.subjectTag = subjectTag
    }

    /// Decides for a mail from `sender` with `subject` naming `referencedIDs`; the lookups find
    /// tickets by number and by stored Message-ID. `senderIsAnalyst` is true only for an analyst
    /// proven by `AnalystTrust`.
    public func decide(
        sender: String, senderIsAnalyst: Bool, subject: String, referencedIDs: [String],
        ticketByNumber: (Int64) throws -> TicketSnapshot?,
        ticketByMessageIDs: ([String]) throws -> TicketSnapshot?
    ) rethrows -> Decision {
        var candidate: TicketSnapshot?
        if let number = subjectTag.ticketID(in: subject) { candidate = try ticketByNumber(number) }
        if candidate == nil, !referencedIDs.isEmpty { candidate = try ticketByMessageIDs(referencedIDs) }
        guard let ticket = candidate else { return .newTicket(refersTo: nil, reason: nil) }
        let sender = sender.lowercased()
        let mayJoin =
            sender == ticket.requesterEmail || ticket.watchers.contains(sender) || senderIsAnalyst
        guard mayJoin else {
            return .newTicket(refersTo: ticket.id, reason: "\(sender) is not a participant of ticket #\(ticket.id)")
        }
        // An analyst may still write on a closed ticket (a note, `#status open`); anyone else opens a new one.
        guard ticket.status != .closed || senderIsAnalyst else {
            return .newTicket(refersTo: ticket.id, reason: "ticket #\(ticket.id) is closed")
        }
        return .thread(ticketID: ticket.id)
    }
}
