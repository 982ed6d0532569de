import Foundation

/// Decides what an analyst's mail does to a ticket, purely: each command line becomes a change
/// request planned on the ticket as the lines before it left it (so a refusal names its line),
/// then a public reply takes an unassigned ticket (`take_on_reply`) and opens a new one. All
/// or nothing: the first refused line refuses the mail.
public struct MailCommandPlanner: Sendable {
    public let planner: TicketPlanner
    public let takeOnReply: Bool

    public init(planner: TicketPlanner, takeOnReply: Bool) {
        self.planner = planner
        self.takeOnReply = takeOnReply
    }

    /// An analyst's mail on a ticket.
    public struct Mail: Sendable {
        public var commands: MailCommands
        /// The analyst's configured name.
        public var author: String
        public var messageID: String?
        /// Whether the mail is a public reply (not a note, and not commands alone).
        public var isPublicReply: Bool
        /// The status of each ticket a `#link` or `#merge` names (absent: no such ticket).
        public var otherTickets: [Int64: TicketStatus]
        /// The analysts as they are now, for `#escalate`.
        public var analysts: Assignment
        /// The configured user groups, for `#broadcast`.
        public var groups: Set<String> = []

        public init(
            commands: MailCommands, author: String, messageID: String?, isPublicReply: Bool,
            otherTickets: [Int64: TicketStatus], analysts: Assignment = Assignment(candidates: []),
            groups: Set<String> = []
        ) {
            self.groups = groups
            self.analysts = analysts
            self.commands = commands
            self.author = author
            self.messageID = messageID
            self.isPublicReply = isPublicReply
            self.otherTickets = otherTickets
        }
    }

    public func plan(
        _ mail: Mail, for ticket: TicketPlanner.Snapshot, at now: Date
    ) -> Result<
        [TicketEffect], MailCommands.Failure
    > {
        let actor = ChangeActor(name: mail.author, role: .analyst)
        var current = ticket
        var effects: [TicketEffect] = []
        for (index, command) in mail.commands.commands.enumerated() {
            let line =
                index < mail.commands.lines.count
                ? mail.commands.lines[index] : MailCommands.Line(number: index + 1, text: "")
            func refuse(_ reason: String) -> Result<[TicketEffect], MailCommands.Failure> {
                .failure(MailCommands.Failure(lineNumber: line.number, line: line.text, reason: reason))
            }
            let request: TicketChangeRequest
            switch self.request(for: command, in: mail, on: current) {
            case .failure(let reason): return refuse(reason.message)
            case .success(nil): continue
            case .success(let made?): request = made
            }
            switch planner.plan(request, for: current, by: actor, at: now) {
            case .failure(let refusal): return refuse(refusal.message)
            case .success(let planned):
                effects += planned
                current = TicketPlanner.snapshot(current, after: planned)
            }
        }
        if mail.isPublicReply {
            var implicit = TicketChangeRequest(reason: "public reply by \(mail.author)", messageID: mail.messageID)
            if takeOnReply, current.assignee == nil {
                implicit.assignee = mail.author
                implicit.reason = "\(mail.author) took the ticket by replying"
            }
            if current.status == .new { implicit.status = .open }
            if case .success(let planned) = planner.plan(implicit, for: current, by: actor, at: now) {
                effects += planned
            }
        }
        return .success(effects)
    }

    /// The change one command asks for; nil for commands that change no field (`#note`, `#for`).
    private func request(
        for command: MailCommand, in mail: Mail, on ticket: TicketPlanner.Snapshot
    ) -> Result<TicketChangeRequest?, TicketPlanner.Refusal> {
        var request = TicketChangeRequest(reason: "mail command by \(mail.author)", messageID: mail.messageID)
        switch command {
        case .note, .forRequester: return .success(nil)
        case .assign(let name):
            let wanted = name.lowercased() == "me" ? mail.author : name
            request.assignee = planner.analysts.first { $0.lowercased() == wanted.lowercased() } ?? wanted
        case .take: request.assignee = mail.author
        case .priority(let priority): request.priority = priority
        case .category(let name):
            request.category = planner.categories.first { $0.lowercased() == name.lowercased() } ?? name
        case .status(let status): request.status = status
        case .resolve: request.status = .resolved
        case .cc(let email): request.addWatchers = [email]
        case .uncc(let email):
            guard ticket.watchers.contains(email) else {
                return .failure(TicketPlanner.Refusal("\(email) is not watching ticket #\(ticket.id)"))
            }
            request.removeWatchers = [email]
        case .link(let parent):
            guard mail.otherTickets[parent] != nil else {
                return .failure(TicketPlanner.Refusal("there is no ticket #\(parent)"))
            }
            request.parent = parent
        case .merge(let target):
            guard let status = mail.otherTickets[target] else {
                return .failure(TicketPlanner.Refusal("there is no ticket #\(target)"))
            }
            guard status.isActive else {
                return .failure(
                    TicketPlanner.Refusal("ticket #\(target) is \(status.rawValue); merge into an open one"))
            }
            request.mergeInto = target
        case .step(let name, let minutes): request.steps = [TicketChangeRequest.Step(name: name, minutes: minutes)]
        case .escalate(let note):
            request.escalation = mail.analysts
            request.escalationNote = note
        case .problem(let title): request.openProblem = title
        case .match(let words): request.matchWords = words
        case .broadcast(let group):
            guard group == "children" || mail.groups.contains(group) else {
                let known = (["children"] + mail.groups.sorted()).joined(separator: ", ")
                return .failure(TicketPlanner.Refusal("unknown group \"\(group)\" (known: \(known))"))
            }
            guard !mail.commands.text.isEmpty else {
                return .failure(TicketPlanner.Refusal("#broadcast needs the text to send below the command lines"))
            }
            request.broadcasts = [
                TicketChangeRequest.Broadcast(
                    group: group, text: mail.commands.text, key: "\(mail.messageID ?? "")|\(group)")
            ]
        case .unlink: request.unlink = true
        case .kb(let title):
            guard !mail.commands.text.isEmpty else {
                return .failure(TicketPlanner.Refusal("#kb needs the article's text below the command lines"))
            }
            request.article = TicketChangeRequest.Article(title: title, body: mail.commands.text)
        }
        return .success(request)
    }
}
