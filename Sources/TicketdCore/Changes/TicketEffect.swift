/// One thing a planned change does; `TicketApplier` (Services) carries them out in order,
/// inside the caller's transaction.
public enum TicketEffect: Sendable, Equatable {
    case setStatus(TicketStatus)
    case setPriority(Priority)
    /// nil clears the category.
    case setCategory(String?)
    /// nil unassigns.
    case setAssignee(String?)
    /// An entry of the audit trail.
    case record(TicketEvent)
    /// SLA clocks follow a status change (met, paused, resumed).
    case clocksFollowStatus(from: TicketStatus, to: TicketStatus)
    /// SLA targets are recomputed for a new priority.
    case clocksFollowPriority(Priority)
    case startStep(name: String, minutes: Int)
    case finishStep(name: String)
    case addWatcher(String)
    case removeWatcher(String)
    case setParent(Int64)
    case setTier(Int)
    /// Detach from the parent.
    case unlink
    /// Open a problem with this title; this ticket becomes its first child.
    case openProblem(title: String)
    case setMatchWords(String)
    case broadcast(TicketChangeRequest.Broadcast)
    /// A knowledge-base article written from this ticket (empty title: the ticket's subject).
    case addArticle(title: String, body: String)
    /// Nobody could take the ticket: these analysts are told why (`unassigned`).
    case tellUnassigned(reason: String, notify: [String])
    /// Links this ticket to the one it is merged into and hands it its requester and watchers.
    case mergeInto(Int64)
    /// The new assignee is told (`assignment`), unless they made the change themselves.
    case tellAssignee(String)
    /// The requester is told the ticket is resolved (`resolved` template), with this text (may be empty).
    case tellRequesterResolved(String)
}
