import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Carries out what `TicketPlanner` decided, in order, inside the caller's transaction: the one
/// place where a ticket's fields, its trail and its SLA clocks change together.
public struct TicketApplier: Sendable {
    public let planner: TicketPlanner
    public let sla: SLAEngine
    let notices: RequesterNotices
    let analystNotices: AnalystNotices
    let problems: ProblemDesk

    public init(configuration: TicketdConfiguration, sla: SLAEngine, composer: MailComposer) {
        planner = TicketPlanner(analysts: configuration.analysts.map(\.name), categories: configuration.categories)
        self.sla = sla
        notices = RequesterNotices(composer: composer)
        analystNotices = AnalystNotices(composer: composer)
        problems = ProblemDesk(
            composer: composer, roster: AnalystRoster(configuration: configuration, calendars: sla.calendars))
    }

    /// What the planner needs to know of ticket `id`, or nil when there is none.
    public func snapshot(_ id: Int64, in session: StoreSession) throws -> TicketPlanner.Snapshot? {
        guard let ticket = try session.ticket(id, relations: false) else { return nil }
        let steps = try session.clocks(ofTicket: id).filter { $0.isStep && $0.state != .met }
            .map { String($0.name.dropFirst("step:".count)) }
        let watchers = try session.ticket(id)?.watchers ?? []
        let routing = try session.routing(ofTicket: id)
        let isProblem = try session.isProblem(id)
        return TicketPlanner.Snapshot(
            id: id, status: ticket.status, priority: ticket.priority, category: ticket.category,
            assignee: ticket.assignee, steps: Set(steps), watchers: Set(watchers), parent: ticket.parent,
            parentConfirmed: ticket.parent == nil ? true : try session.isConfirmedChild(id),
            requester: ticket.requester.email, skill: routing.skill, tier: routing.tier, isProblem: isProblem)
    }

    /// Plans `request` for ticket `id` and applies it; a refusal throws and changes nothing.
    /// `clocksAt` is when SLA clocks see the change (a mail's arrival), `now` stamps the rest.
    public func change(
        _ id: Int64, _ request: TicketChangeRequest, by actor: ChangeActor, at now: Date, clocksAt: Date? = nil,
        in session: StoreSession
    ) throws {
        guard let ticket = try snapshot(id, in: session) else {
            throw OperationError(.notFound, "no ticket #\(id)")
        }
        switch planner.plan(request, for: ticket, by: actor, at: now) {
        case .failure(let refusal): throw OperationError(.invalid, refusal.message)
        case .success(let effects):
            try apply(effects, to: id, by: actor, at: now, clocksAt: clocksAt ?? now, in: session)
        }
    }

    /// `#merge`: later mail to `id` threads onto `target`, whose watchers gain this ticket's
    /// requester and watchers; both trails say so.
    private func merge(
        _ id: Int64, into target: Int64, by actor: ChangeActor, at now: Date, in session: StoreSession
    )
        throws
    {
        guard let source = try session.ticket(id), let merged = try session.ticket(target) else {
            throw OperationError(.notFound, "no ticket #\(target)")
        }
        try session.addLink(from: id, to: target, kind: "merged_into")
        let people = ([source.requester.email] + source.watchers).filter { $0 != merged.requester.email }
        try session.addWatchers(people, toTicket: target)
        try session.addEvent(
            TicketEvent(
                .merge, actor: actor.name, role: actor.role, at: now, from: String(id), to: String(target),
                detail: "ticket #\(id) (\(source.subject)) merged into this one"), toTicket: target)
    }

    /// `#problem`: a problem opens with this ticket (and the tickets of a storm notice about it)
    /// as its children; the analyst who asked owns it.
    private func openProblem(
        from id: Int64, title: String, by actor: ChangeActor, at now: Date, in session: StoreSession
    )
        throws
    {
        guard let incident = try session.ticket(id, relations: false) else { return }
        let problem = try problems.open(
            title: title, priority: incident.priority,
            assignee: actor.role == .analyst ? actor.name : nil, by: actor, at: now, in: session)
        var children = [id]
        for other in try problems.stormCluster(of: id, in: session) where !children.contains(other) {
            if let ticket = try session.ticket(other, relations: false), ticket.parent == nil, ticket.status.isActive {
                children.append(other)
            }
        }
        for child in children {
            try problems.link(child, to: problem, by: actor, reason: "linked by #problem", at: now, in: session)
        }
        try problems.linkRecentMatches(to: problem, at: now, in: session)
    }

    /// A problem resolved: every active child an analyst linked resolves with it in this
    /// transaction, each requester told once in their own ticket's thread; the people told of
    /// the outage who had no ticket, and the requesters of children linked only by their words,
    /// get `broadcast-resolved`. Those children stay open, unlinked, and the problem's owner
    /// and the on-duty analysts are told to look at them.
    private func resolveChildren(
        of problem: Int64, note: String, by actor: ChangeActor, at now: Date, in session: StoreSession
    )
        throws
    {
        let unconfirmed = try session.activeChildren(of: problem, confirmed: false)
        for child in unconfirmed {
            try session.clearParent(ofTicket: child.id, at: now)
            try session.addEvent(
                TicketEvent(
                    .link, actor: actor.name, role: actor.role, at: now, from: String(problem),
                    detail: "problem #\(problem) resolved; linked by its words only, this ticket stays open for a look"),
                toTicket: child.id)
            try problems.announce(
                child.id, of: problem,
                reason:
                    "problem #\(problem) was resolved, and this ticket, linked to it by its words only, was left open: see whether it is solved",
                at: now, in: session)
        }
        var told = Set<String>()
        for child in try session.activeChildren(of: problem, confirmed: true) {
            var request = TicketChangeRequest(status: .resolved, reason: "problem #\(problem) resolved")
            request.noticeText = note
            request.tellRequester = told.insert(CanonicalAddress.key(child.requester.email)).inserted
            try change(child.id, request, by: actor, at: now, in: session)
        }
        let withTickets = Set(try session.childRequesters(of: problem).map(CanonicalAddress.key))
            .union(told)
        var seen = Set<String>()
        let others = (try session.broadcastRecipients(ofTicket: problem) + unconfirmed.map(\.requester.email))
            .filter {
                !withTickets.contains(CanonicalAddress.key($0)) && seen.insert(CanonicalAddress.key($0)).inserted
            }
            .map { MailAddress(email: $0) }
        try problems.broadcaster.send(
            .resolved, problem: problem, audience: ["earlier recipients"], to: others, text: note, isPublic: true,
            key: "resolved:\(problem)", by: actor, at: now, in: session)
    }

    /// Carries out `effects` on ticket `id`.
    public func apply(
        _ effects: [TicketEffect], to id: Int64, by actor: ChangeActor, at now: Date, clocksAt: Date,
        in session: StoreSession
    ) throws {
        for effect in effects {
            switch effect {
            case .setStatus(let status): try session.updateTicket(id, status: status, at: now)
            case .setPriority(let priority): try session.updateTicket(id, priority: priority, at: now)
            case .setCategory(let category): try session.updateTicket(id, category: .some(category), at: now)
            case .setAssignee(let assignee): try session.updateTicket(id, assignee: .some(assignee), at: now)
            case .record(let event): try session.addEvent(event, toTicket: id)
            case .clocksFollowStatus(let old, let new):
                try sla.statusChanged(ticketID: id, from: old, to: new, at: clocksAt, in: session)
            case .clocksFollowPriority(let priority):
                try sla.priorityChanged(ticketID: id, to: priority, at: now, in: session)
            case .startStep(let name, let minutes):
                try sla.startStep(
                    ticketID: id, name: name, minutes: minutes, actor: actor.name, role: actor.role, at: now,
                    in: session)
            case .finishStep(let name):
                try sla.finishStep(ticketID: id, name: name, actor: actor.name, role: actor.role, at: now, in: session)
            case .addWatcher(let email): try session.addWatchers([email], toTicket: id)
            case .removeWatcher(let email): try session.removeWatcher(email, fromTicket: id)
            case .setParent(let parent):
                try session.setParent(parent, ofTicket: id, confirmed: actor.role != .system, at: now)
            case .setTier(let tier): try session.setTier(tier, ofTicket: id, at: now)
            case .tellUnassigned(let reason, let notify):
                try analystNotices.unassigned(id, reason: reason, notify: notify, at: now, in: session)
            case .mergeInto(let target): try merge(id, into: target, by: actor, at: now, in: session)
            case .tellAssignee(let analyst):
                let reason = effects.lazy.compactMap { effect -> String? in
                    if case .record(let event) = effect, event.kind == .assignment, event.to == analyst {
                        return event.detail
                    }
                    return nil
                }.first
                try analystNotices.assignment(
                    id, to: analyst, reason: reason.flatMap { $0.isEmpty ? nil : $0 } ?? "assigned by \(actor.name)",
                    at: now, in: session)
            case .tellRequesterResolved(let text):
                if try session.isProblem(id) {
                    try resolveChildren(of: id, note: text, by: actor, at: now, in: session)
                } else {
                    try notices.resolved(id, text: text, by: nil, at: now, in: session)
                }
            case .unlink: try session.clearParent(ofTicket: id, at: now)
            case .addArticle(let title, let body):
                // A draft: nobody is offered it until an operator publishes it (`kb publish`);
                // with no title it is named after the ticket's number, never its subject.
                let article = try session.addArticle(
                    title: title.isEmpty ? "Article from ticket #\(id)" : title, body: body, ticketID: id,
                    createdBy: actor.name, published: false, at: now)
                try session.addEvent(
                    TicketEvent(
                        .note, actor: actor.name, role: actor.role, at: now, to: String(article),
                        detail:
                            "knowledge-base article #\(article) written from this ticket, as a draft (ticketd kb publish \(article))"
                    ), toTicket: id)
            case .setMatchWords(let words): try session.setMatchWords(words, ofProblem: id)
            case .openProblem(let title): try openProblem(from: id, title: title, by: actor, at: now, in: session)
            case .broadcast(let broadcast):
                let people = try problems.broadcaster.audience(problem: id, [broadcast.group], in: session)
                try problems.broadcaster.send(
                    .update, problem: id, audience: [broadcast.group], to: people, text: broadcast.text,
                    key: broadcast.key, by: actor, at: now, in: session)
            }
        }
    }
}
