import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Problems (global tickets): opening one, linking incidents to it (by hand or because a new
/// incident matches it, Core's `TopicMatcher`), telling people (`Broadcaster`), resolving every
/// child with it, and spotting an outage storm before anyone has opened a problem.
struct ProblemDesk: Sendable {
    let composer: MailComposer
    let broadcaster: Broadcaster
    let roster: AnalystRoster

    init(composer: MailComposer, roster: AnalystRoster) {
        self.composer = composer
        self.roster = roster
        broadcaster = Broadcaster(composer: composer)
    }

    var configuration: TicketdConfiguration { composer.configuration }

    /// Opens a problem: a ticket of the desk's own, open, assigned to `assignee` if given. With
    /// no title it is "Outage #N": a title is shown to everyone whose mail matches, so it is never
    /// taken from a requester's subject.
    func open(
        title: String, priority: Priority, assignee: String?, by actor: ChangeActor, at now: Date,
        in session: StoreSession
    ) throws -> Int64 {
        let support = configuration.supportAddress
        let named = title.trimmingCharacters(in: .whitespaces)
        let id = try session.createTicket(
            NewTicketRecord(
                subject: named.isEmpty ? "Outage" : named, status: .open, priority: priority, category: nil,
                requester: Person(name: configuration.deskName, email: support.email), calendar: nil, skill: nil,
                tier: nil, createdAt: now))
        if named.isEmpty { try session.updateTicket(id, subject: "Outage #\(id)", at: now) }
        try session.markProblem(id)
        try session.addEvent(
            TicketEvent(
                .created, actor: actor.name, role: actor.role, at: now, to: priority.rawValue, detail: "problem"),
            toTicket: id)
        if let assignee {
            try session.updateTicket(id, assignee: .some(assignee), at: now)
            try session.addEvent(
                TicketEvent(
                    .assignment, actor: actor.name, role: actor.role, at: now, to: assignee, detail: "problem owner"),
                toTicket: id)
        }
        return id
    }

    /// Makes `child` a child of `problem`, with the link on both trails. A link ticketd made
    /// (the child's words matched) is unconfirmed: it teaches the problem no words, is not
    /// resolved with it, and is announced to the problem's owner and the on-duty analysts.
    func link(
        _ child: Int64, to problem: Int64, by actor: ChangeActor, reason: String, at now: Date,
        in session: StoreSession
    )
        throws
    {
        let confirmed = actor.role != .system
        try session.setParent(problem, ofTicket: child, confirmed: confirmed, at: now)
        if !confirmed {
            let tag = SubjectTag(configuration.subjectTag).token(for: problem)
            try announce(
                child, of: problem,
                reason:
                    "its words matched problem \(tag), so it was linked to it automatically; reply #link \(problem) if it is that outage (then it resolves with it), #unlink if it is not",
                at: now, in: session)
        }
        try session.addEvent(
            TicketEvent(.link, actor: actor.name, role: actor.role, at: now, to: String(problem), detail: reason),
            toTicket: child)
        try session.addEvent(
            TicketEvent(
                .link, actor: actor.name, role: actor.role, at: now, to: String(child),
                detail: "child #\(child): \(reason)"),
            toTicket: problem)
    }

    /// An auto-linked child has nobody: the problem's owner and the on-duty analysts are told
    /// why (linked, or left open when the problem resolved), at most
    /// `notice_limit.announcements_per_problem_per_hour` a problem (in a storm the problem's own
    /// trail lists every child).
    func announce(_ child: Int64, of problem: Int64, reason: String, at now: Date, in session: StoreSession) throws {
        let since = now.addingTimeInterval(-3600)
        guard
            try session.noticeCount("automatic-link", about: String(problem), since: since)
                < configuration.noticeLimit.announcementsPerProblemPerHour
        else { return }
        try session.recordNotice("automatic-link", to: "", about: String(problem), ticketID: child, at: now)
        let owner = try session.ticket(problem, relations: false)?.assignee
        let onDuty = configuration.analysts.filter { roster.isOnDuty($0, at: now) }.map(\.name)
        var seen = Set<String>()
        let names = ([owner].compactMap { $0 } + onDuty).filter { seen.insert($0).inserted }
        try AnalystNotices(composer: composer).unassigned(child, reason: reason, notify: names, at: now, in: session)
    }

    /// The open problem a new incident's text matches, if any (the best covered, newest first).
    func matchingProblem(subject: String, body: String, in session: StoreSession) throws -> StoreSession.OpenProblem? {
        let problems = try session.openProblems()
        guard !problems.isEmpty else { return nil }
        let incident = Set(TopicMatcher.terms(subject + "\n" + body))
        var best: (StoreSession.OpenProblem, Double)?
        for problem in problems {
            let wanted = TopicMatcher.problemTerms(
                title: problem.subject, match: problem.matchWords, childSubjects: problem.childSubjects)
            let share = TopicMatcher.coverage(of: wanted, in: incident)
            if share >= configuration.problems.matchThreshold, share > (best?.1 ?? 0) { best = (problem, share) }
        }
        return best?.0
    }

    /// Links the incidents of the last day that are nobody's child and match `problem` (those
    /// that arrived before it was opened), never a critical one; unconfirmed, as at intake.
    func linkRecentMatches(to problem: Int64, at now: Date, in session: StoreSession) throws {
        guard let open = try session.openProblems().first(where: { $0.id == problem }) else { return }
        let wanted = TopicMatcher.problemTerms(
            title: open.subject, match: open.matchWords, childSubjects: open.childSubjects)
        for incident in try session.recentIncidents(since: now.addingTimeInterval(-86_400), limit: 2000)
        where !incident.hasParent {
            guard let ticket = try session.ticket(incident.id, relations: false), ticket.status.isActive,
                ticket.priority != .critical
            else { continue }
            if TopicMatcher.coverage(of: wanted, in: Set(incident.terms)) >= configuration.problems.matchThreshold {
                try link(
                    incident.id, to: problem, by: .system, reason: "matches problem #\(problem)", at: now, in: session)
            }
        }
    }

    /// The latest update told about a problem to everyone (a text to the children or marked
    /// public; never one to a restricted group), else "we are working on it".
    func latestUpdate(of problem: Int64, in session: StoreSession) throws -> String {
        try session.latestPublicBroadcastText(ofTicket: problem) ?? "we are working on it"
    }

    /// After a new incident: when `problems.storm.tickets` similar ones (this one included)
    /// arrived within `problems.storm.within` and none is a problem's child, the on-duty analysts
    /// (or `problems.notify`'s group) get one `possible-outage` notice; a cluster told within
    /// `within` is not told again.
    func checkStorm(after ticketID: Int64, at now: Date, in session: StoreSession) throws {
        let settings = configuration.problems
        guard settings.stormTickets >= 2 else { return }  // 0: storm detection off
        let recent = try session.recentIncidents(since: now.addingTimeInterval(-settings.stormWithin.timeInterval))
        guard let newest = recent.first(where: { $0.id == ticketID }), !newest.hasParent else { return }
        let cluster = recent.reversed().filter { ticket in
            !ticket.hasParent && (ticket.id == ticketID || TopicMatcher.similarity(ticket.terms, newest.terms) >= 0.5)
        }
        guard cluster.count >= settings.stormTickets else { return }
        let ids = cluster.map(\.id)
        guard
            !(try session.hasEvent(
                .possibleOutage, onAnyOf: ids, since: now.addingTimeInterval(-settings.stormWithin.timeInterval)))
        else { return }
        let recipients: [MailAddress] =
            settings.notify == "on_duty"
            ? roster.onDuty(at: now) : (configuration.groups[settings.notify] ?? []).map { MailAddress(email: $0) }
        let list = cluster.map { "    \(SubjectTag(configuration.subjectTag).token(for: $0.id)) \($0.subject)" }
            .joined(separator: "\n")
        for id in ids {
            try session.addEvent(
                TicketEvent(
                    .possibleOutage, at: now, to: ids.map(String.init).joined(separator: ","),
                    detail: "\(ids.count) similar tickets within \(settings.stormWithin)"), toTicket: id)
        }
        let thread = try session.threadIDs(ofTicket: ticketID, includingInternal: true)
        for person in recipients {
            try composer.queue(
                MailComposer.Request(
                    context: PossibleOutageContext(
                        recipientName: person.name.isEmpty ? person.email : person.name, count: ids.count,
                        within: settings.stormWithin.description, tickets: list, deskName: configuration.deskName),
                    ticketID: ticketID, recipient: person, inReplyTo: thread.last, references: thread,
                    autoSubmitted: "auto-generated", kind: "possible-outage"),
                at: now, in: session)
        }
    }

    /// The tickets a storm notice on `ticketID` listed (to link them all on `#problem`).
    func stormCluster(of ticketID: Int64, in session: StoreSession) throws -> [Int64] {
        guard let listed = try session.latestEventValue(.possibleOutage, ofTicket: ticketID) else { return [] }
        return listed.split(separator: ",").compactMap { Int64($0) }
    }
}
