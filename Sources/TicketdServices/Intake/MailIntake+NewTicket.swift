import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Opening a ticket: routing (Core's `Router`), the requester and watchers, the SLA clocks and the
/// acknowledgement (Core's `AcknowledgementPolicy` decides whether one goes out).
extension MailIntake {
    /// Opens a ticket for `message`; `requester` is its sender unless an analyst wrote `#for`
    /// (then the analyst is among `extraWatchers`).
    func createTicket(
        _ message: ParsedMessage, sender: MailAddress, verdict: SenderVerdict, requester asked: MailAddress? = nil,
        extraWatchers: [String] = [], autoAssign: Bool = true, source: Source, at now: Date,
        in session: StoreSession
    ) throws -> Int64 {
        try open(
            TicketRequest(mail: message, requester: asked ?? sender), mail: message, sender: sender, verdict: verdict,
            onBehalf: asked != nil, extraWatchers: extraWatchers, createdBy: nil, autoAssign: autoAssign,
            source: source, at: now, in: session)
    }

    /// Opens a ticket for `request`; `mail` is the mail it came in (nil for a phone ticket), kept
    /// whole with its attachments. `onBehalf`: an analyst or operator opened it for the requester.
    private func open(
        _ request: TicketRequest, mail message: ParsedMessage?, sender: MailAddress, verdict: SenderVerdict,
        onBehalf: Bool, extraWatchers: [String], createdBy: ChangeActor?, autoAssign: Bool, source: Source,
        at now: Date, in session: StoreSession
    ) throws -> Int64 {
        let requesterAddress = request.requester
        let domain = requesterAddress.email.split(separator: "@").last.map { $0.lowercased() } ?? ""
        // Whose words may raise the priority: without trust.authserv_id nothing can be verified,
        // so everyone's (as before trust existed); with it, a verified sender's, or one of the
        // organisation's own domains whose check did not fail.
        let trusted =
            onBehalf || verdict.isVerified || configuration.trust.authservID == nil
            || (!verdict.isFailed && configuration.organisationDomains.contains(domain))
        let routing = router.route(
            subject: request.subject, from: requesterAddress.email, recipients: request.named, body: request.body,
            senderTrusted: trusted)
        let subject = tag.stripped(request.subject)
        let requester = Person(name: requesterAddress.name, email: requesterAddress.email)
        let ticketID = try session.createTicket(
            NewTicketRecord(
                subject: subject.isEmpty ? "(no subject)" : subject, priority: routing.priority,
                category: routing.outcome.category, requester: requester, calendar: routing.outcome.calendar,
                skill: routing.outcome.skill, tier: routing.outcome.tier, createdAt: source.arrivedAt))
        if let message {
            try storeMessage(message, sender: sender, verdict: verdict, ticketID: ticketID, source: source, in: session)
        } else {
            try session.addMessage(
                MessageRecord(
                    messageID: request.messageID ?? "", direction: .in, kind: .public,
                    from: Person(name: sender.name, email: sender.email), subject: request.subject, body: request.body,
                    arrivedAt: source.arrivedAt, senderVerdict: verdict.outcome),
                toTicket: ticketID)
        }
        let watchers = WatcherIntake.watchers(
            named: request.named, verdict: verdict,
            excluding: configuration.ownAddresses.union([requester.email]))
        try session.addWatchers(
            Array(Set(watchers.accepted + extraWatchers).subtracting([requester.email])).sorted(), toTicket: ticketID)
        try session.addEvent(
            TicketEvent(
                .created, actor: createdBy?.name ?? (onBehalf ? analystIdentity(sender).name : sender.email),
                role: createdBy?.role ?? (onBehalf ? .analyst : .requester), at: now, to: routing.priority.rawValue,
                detail: [
                    routing.explanation.isEmpty ? nil : routing.explanation,
                    onBehalf && createdBy == nil ? "on behalf of \(requesterAddress.email)" : nil,
                ]
                .compactMap { $0 }.joined(separator: "; "), messageID: request.messageID), toTicket: ticketID)
        if let withheld = routing.withheld {
            try session.addEvent(
                TicketEvent(
                    .priorityWithheld, actor: requester.email, role: .requester, at: now, detail: withheld,
                    messageID: request.messageID), toTicket: ticketID)
        }
        if verdict.isFailed || watchers.left > 0 {
            try session.addEvent(
                TicketEvent(
                    verdict.isFailed ? .senderUnverified : .watcher, actor: requester.email, role: .requester, at: now,
                    detail: watchers.explanation(verdict: verdict), messageID: request.messageID), toTicket: ticketID)
        }
        try sla.startClocks(
            ticketID: ticketID, priority: routing.priority, calendar: routing.outcome.calendar, at: source.arrivedAt,
            in: session)
        // Its distinctive terms are kept for storm detection; while a problem is open, an incident
        // that matches it becomes its child and is told so (its owner and the on-duty analysts
        // too). A critical ticket is never linked by its words: it gets a person of its own.
        try session.setTopicTerms(
            TopicMatcher.terms(subject + "\n" + String(request.body.prefix(500)), limit: 24), ofTicket: ticketID)
        let problems = applier.problems
        let known =
            routing.priority == .critical
            ? nil : try problems.matchingProblem(subject: subject, body: request.body, in: session)
        if let known {
            try problems.link(
                ticketID, to: known.id, by: .system, reason: "matches open problem #\(known.id)", at: now, in: session)
        }
        try acknowledge(
            request, mail: message, verdict: onBehalf ? Self.vouched : verdict, ticketID: ticketID,
            subject: subject,
            knownProblem: try known.map { ($0.id, $0.subject, try problems.latestUpdate(of: $0.id, in: session)) },
            at: now, in: session)
        if known == nil {
            if autoAssign {
                try assign(
                    ticketID, skill: routing.outcome.skill, tier: routing.outcome.tier ?? 1, requester: requester.email,
                    category: routing.outcome.category, at: now, in: session)
            }
            try problems.checkStorm(after: ticketID, at: now, in: session)
        }
        return ticketID
    }

    /// Core's `Assignment` chooses who gets a new ticket; the choice (or why nobody) is an
    /// event, and the assignee (or the on-duty analysts) are told.
    func assign(
        _ ticketID: Int64, skill: String?, tier: Int, requester: String, category: String?, at now: Date,
        in session: StoreSession
    ) throws {
        guard configuration.autoAssign, !configuration.analysts.isEmpty else { return }
        let familiar = try session.lastAssignee(
            ofRequester: requester, category: category, since: now.addingTimeInterval(-Assignment.familiarityWindow),
            excluding: ticketID
        ).map { Assignment.Familiar(analyst: $0.analyst, ticketID: $0.ticketID) }
        switch try roster.assignment(at: now, in: session).choose(skill: skill, tier: tier, familiar: familiar) {
        case .assign(let analyst, let reason):
            try applier.change(
                ticketID, TicketChangeRequest(assignee: analyst, reason: reason), by: .system, at: now, in: session)
        case .unassigned(let reason, let notify):
            try session.addEvent(TicketEvent(.assignment, at: now, detail: "unassigned: \(reason)"), toTicket: ticketID)
            try applier.analystNotices.unassigned(ticketID, reason: reason, notify: notify, at: now, in: session)
        }
    }

    /// A ticket an operator opens for a user (a phone call, `ticketd ticket create`): a request
    /// of its own (never rendered to MIME and read back), routed, stored, clocked and acknowledged
    /// as a mail would be; the trail names the operator.
    public func openTicket(
        for requester: MailAddress, subject: String, body: String, by actor: ChangeActor, autoAssign: Bool = true,
        at now: Date, in session: StoreSession
    ) throws -> Int64 {
        let request = TicketRequest(
            source: .phone, requester: requester, subject: subject,
            body: body.isEmpty ? "(opened by \(actor.name); no text)" : body,
            messageID: MailComposer.newMessageID(ticketID: 0, domain: configuration.supportAddress.domain))
        return try open(
            request, mail: nil, sender: requester, verdict: Self.vouched, onBehalf: false, extraWatchers: [],
            createdBy: actor, autoAssign: autoAssign, source: Source(mailbox: "", uid: 0, arrivedAt: now), at: now,
            in: session)
    }

    /// The acknowledgement's lines offering articles by number and title, or empty. An article's
    /// text is never quoted: it was written to one requester and may hold what only they should
    /// read (a temporary password); anyone who mails gets this acknowledgement.
    static func suggestionText(_ articles: [KnowledgeArticle]) -> String {
        guard !articles.isEmpty else { return "" }
        var lines = ["These articles may already help:", ""]
        for article in articles { lines.append("  KB #\(article.id) \(article.title)") }
        lines.append("")
        lines.append("If one of them fixed it, reply with \"solved\" as the first word and the ticket closes.")
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// Queues the acknowledgement unless loop rules or the per-sender limit forbid it; the
    /// reason for a suppressed one is recorded on the ticket.
    func acknowledge(
        _ request: TicketRequest, mail message: ParsedMessage?, verdict senderVerdict: SenderVerdict, ticketID: Int64,
        subject: String, knownProblem: (id: Int64, title: String, latest: String)? = nil, at now: Date,
        in session: StoreSession
    ) throws {
        let sender = request.requester
        let person = CanonicalAddress.key(sender.email)
        let window = configuration.autoReplyLimit.per.timeInterval
        let bucket: AcknowledgementPolicy.Bucket = senderVerdict.isVerified ? .verified : .unverified
        let verdict = acknowledgementPolicy.decide(
            loopSuppression: message.flatMap(loopRules.suppressionReason), sender: senderVerdict, person: person,
            sentToPerson: try session.autoReplyCount(to: person, since: now.addingTimeInterval(-window)),
            sentInLastHour: try session.autoRepliesInLastHour(at: now, verified: bucket == .verified))
        let suppression: String?
        switch verdict {
        case .send: suppression = nil
        case .suppress(let reason): suppression = reason
        case .pause(let reason):
            suppression = reason
            if acknowledgementPause.count(at: now) {
                logger.warning(
                    "acknowledgements paused: the global cap is reached",
                    metadata: ["auto_reply_limit.per_hour_total": "\(acknowledgementPolicy.perHourTotal)"])
            }
        }
        if let suppression {
            try session.addEvent(
                TicketEvent(.acknowledgementSuppressed, at: now, detail: suppression, messageID: request.messageID),
                toTicket: ticketID)
            return
        }
        let shownSubject = subject.isEmpty ? "(no subject)" : subject
        let name = sender.name.isEmpty ? sender.email : sender.name
        let context: any TemplateContext
        if let knownProblem {
            context = KnownProblemAcknowledgementContext(
                ticketNumber: ticketID, tag: tag.token(for: ticketID), subject: shownSubject, requesterName: name,
                problemNumber: knownProblem.id, problemTitle: knownProblem.title, latestUpdate: knownProblem.latest,
                supportAddress: configuration.supportAddress.email)
        } else {
            let articles = try knowledgeBase.suggestions(subject: subject, body: request.body, in: session)
            context = AcknowledgementContext(
                ticketNumber: ticketID, tag: tag.token(for: ticketID), subject: shownSubject, requesterName: name,
                supportAddress: configuration.supportAddress.email, suggestions: Self.suggestionText(articles))
        }
        try composer.queue(
            MailComposer.Request(
                context: context, ticketID: ticketID, recipient: sender,
                inReplyTo: request.messageID, references: request.references, autoSubmitted: "auto-replied",
                kind: "acknowledgement"),
            at: now, in: session)
        try session.recordAutoReply(to: person, at: now, verified: bucket == .verified)
    }

    /// The verdict of mail someone vouched for: a ticket an operator or a proven analyst opened
    /// on behalf of a user (`ticket create`, `#for`).
    static let vouched = SenderVerdict(.pass, reason: "opened on the user's behalf by the help desk")
}
