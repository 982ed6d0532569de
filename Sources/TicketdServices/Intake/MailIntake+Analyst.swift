import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// A proven analyst's mail: its command block (Core's `MailCommands`, planned by Core's
/// `MailCommandPlanner`), a public reply relayed to the requester or an internal note, and a
/// refused mail answered with one `command-error` reply. All of one mail or none of it.
extension MailIntake {
    /// The analyst's configured name and how mail shows them ("Cindy Lopez", else "cindy").
    func analystIdentity(_ sender: MailAddress) -> (name: String, shown: String) {
        let name = configuration.analyst(withEmail: sender.email)?.name ?? sender.email
        return (name, sender.name.isEmpty ? name : sender.name)
    }

    /// An analyst's mail on ticket `ticketID`.
    func handleAnalystReply(
        _ message: ParsedMessage, sender: MailAddress, verdict: SenderVerdict, ticketID: Int64, source: Source,
        at now: Date, in session: StoreSession
    ) throws {
        let (name, shown) = analystIdentity(sender)
        // Commands come only from what the author wrote: a mail that is all quote is a note.
        guard !message.authoredText.allSatisfy(\.isWhitespace) else {
            try storeMessage(
                message, sender: sender, verdict: verdict, ticketID: ticketID, source: source, kind: .internal,
                in: session)
            try session.addEvent(
                TicketEvent(
                    .note, actor: name, role: .analyst, at: now,
                    detail: "nothing of the author's own after the quoted history: kept as a note, no commands read",
                    messageID: message.messageID), toTicket: ticketID)
            return
        }
        let commands: MailCommands
        switch MailCommands.parse(message.authoredText) {
        case .failure(let failure):
            return try refuseCommands(
                message, sender: sender, verdict: verdict, failure: failure, ticketID: ticketID, source: source,
                at: now, in: session)
        case .success(let parsed): commands = parsed
        }
        if let index = commands.commands.firstIndex(where: { if case .forRequester = $0 { true } else { false } }) {
            let line = commands.lines[index]
            let failure = MailCommands.Failure(
                lineNumber: line.number, line: line.text,
                reason: "#for opens a new ticket: send it as a new mail to the help desk, not as a reply")
            return try refuseCommands(
                message, sender: sender, verdict: verdict, failure: failure, ticketID: ticketID, source: source,
                at: now, in: session)
        }
        guard let snapshot = try applier.snapshot(ticketID, in: session) else { return }
        let isPublicReply = !commands.isNote && !commands.text.isEmpty
        let mail = MailCommandPlanner.Mail(
            commands: commands, author: name, messageID: message.messageID, isPublicReply: isPublicReply,
            otherTickets: try otherTickets(named: commands, in: session),
            analysts: try roster.assignment(at: now, in: session), groups: Set(configuration.groups.keys))
        let effects: [TicketEffect]
        switch commandPlanner.plan(mail, for: snapshot, at: now) {
        case .failure(let failure):
            return try refuseCommands(
                message, sender: sender, verdict: verdict, failure: failure, ticketID: ticketID, source: source,
                at: now, in: session)
        case .success(let planned): effects = planned
        }
        try storeMessage(
            message, sender: sender, verdict: verdict, ticketID: ticketID, source: source,
            kind: commands.isNote ? .internal : .public, in: session)
        let became: TicketEvent.AnalystMail =
            commands.isNote ? .internalNote : isPublicReply ? .publicReply : .commandsOnly
        try session.addEvent(
            TicketEvent(
                .messageIn, actor: name, role: .analyst, at: now, to: became.rawValue,
                detail: commands.isNote ? "internal note" : isPublicReply ? "public reply" : "commands only",
                messageID: message.messageID), toTicket: ticketID)
        if commands.isNote {
            try session.addEvent(
                TicketEvent(
                    .note, actor: name, role: .analyst, at: now, detail: "internal note", messageID: message.messageID),
                toTicket: ticketID)
        }
        if isPublicReply {
            try sla.responded(ticketID: ticketID, at: source.arrivedAt, in: session)
            try relay(
                message, text: commands.text, author: sender, authorName: shown, kindLabel: "Public reply",
                to: .requesterAndWatchers, ticketID: ticketID, recordedKind: .public, at: now, in: session)
        }
        try applier.apply(
            effects, to: ticketID, by: ChangeActor(name: name, role: .analyst), at: now, clocksAt: source.arrivedAt,
            in: session)
        // The assignee hears of what another analyst wrote on their ticket.
        let assignee = TicketPlanner.snapshot(snapshot, after: effects).assignee
        if let assignee, assignee != name, !commands.text.isEmpty, commands.isNote || isPublicReply {
            try relay(
                message, text: commands.text, author: sender, authorName: shown,
                kindLabel: commands.isNote ? "Internal note" : "Public reply (sent to the requester)",
                to: .analysts([assignee]), ticketID: ticketID, recordedKind: .internal, at: now, in: session)
        }
    }

    /// A refused mail: kept on the ticket as internal (nothing lost, nothing relayed), the
    /// refusal on the trail, and its author gets one reply naming the line.
    func refuseCommands(
        _ message: ParsedMessage, sender: MailAddress, verdict: SenderVerdict, failure: MailCommands.Failure,
        ticketID: Int64?, source: Source, at now: Date, in session: StoreSession
    ) throws {
        let (name, shown) = analystIdentity(sender)
        if let ticketID {
            try storeMessage(
                message, sender: sender, verdict: verdict, ticketID: ticketID, source: source, kind: .internal,
                in: session)
            try session.addEvent(
                TicketEvent(
                    .commandRefused, actor: name, role: .analyst, at: now, detail: failure.description,
                    messageID: message.messageID), toTicket: ticketID)
        }
        let context = CommandErrorContext(
            subject: tag.stripped(message.subject).isEmpty ? "(no subject)" : tag.stripped(message.subject),
            recipientName: shown, lineNumber: failure.lineNumber, line: failure.line, reason: failure.reason,
            deskName: configuration.deskName)
        try composer.queue(
            MailComposer.Request(
                context: context, ticketID: ticketID, recipient: sender, inReplyTo: message.messageID,
                references: message.references, autoSubmitted: "auto-replied", kind: "command-error"),
            at: now, in: session)
    }

    /// The status of each ticket a `#link` or `#merge` names (absent: no such ticket).
    private func otherTickets(named commands: MailCommands, in session: StoreSession) throws -> [Int64: TicketStatus] {
        var statuses: [Int64: TicketStatus] = [:]
        for command in commands.commands {
            switch command {
            case .link(let id), .merge(let id):
                if let ticket = try session.ticket(id, relations: false) { statuses[id] = ticket.status }
            default: break
            }
        }
        return statuses
    }

    /// An analyst's new mail (not a reply): `#for ADDR` opens the ticket on behalf of ADDR (who
    /// is acknowledged; the analyst watches), other commands apply to the new ticket; a bad
    /// line quarantines the mail (no ticket is opened) and its author hears why.
    func openTicketAsAnalyst(
        _ message: ParsedMessage, sender: MailAddress, verdict: SenderVerdict, source: Source, at now: Date,
        in session: StoreSession
    ) throws -> Outcome {
        let commands: MailCommands
        switch MailCommands.parse(message.authoredText) {
        case .failure(let failure):
            return try quarantineRefusedCommands(
                message, sender: sender, verdict: verdict, failure: failure, source: source, at: now,
                in: session)
        case .success(let parsed): commands = parsed
        }
        guard !commands.commands.isEmpty else {
            return .created(
                ticketID: try createTicket(
                    message, sender: sender, verdict: verdict, source: source, at: now, in: session))
        }
        let (name, _) = analystIdentity(sender)
        let mail = MailCommandPlanner.Mail(
            commands: commands, author: name, messageID: message.messageID, isPublicReply: false,
            otherTickets: try otherTickets(named: commands, in: session),
            analysts: try roster.assignment(at: now, in: session), groups: Set(configuration.groups.keys))
        // Planned first on the ticket as it will open, so a refused line opens nothing.
        let provisional = TicketPlanner.Snapshot(
            id: 0, status: .new, priority: configuration.defaultPriority, category: nil, assignee: nil)
        if case .failure(let failure) = commandPlanner.plan(mail, for: provisional, at: now) {
            return try quarantineRefusedCommands(
                message, sender: sender, verdict: verdict, failure: failure, source: source, at: now,
                in: session)
        }
        var requester = sender
        var watchers: [String] = []
        if let address = commands.onBehalfOf {
            requester = MailAddress(email: address)
            watchers = [sender.email]
        }
        let assigns = commands.commands.contains {
            switch $0 {
            case .assign, .take: true
            default: false
            }
        }
        let ticketID = try createTicket(
            message, sender: sender, verdict: verdict, requester: requester, extraWatchers: watchers,
            autoAssign: !assigns, source: source, at: now, in: session)
        guard let snapshot = try applier.snapshot(ticketID, in: session) else { return .created(ticketID: ticketID) }
        switch commandPlanner.plan(mail, for: snapshot, at: now) {
        case .failure(let failure):
            try session.addEvent(
                TicketEvent(
                    .commandRefused, actor: name, role: .analyst, at: now, detail: failure.description,
                    messageID: message.messageID), toTicket: ticketID)
        case .success(let effects):
            try applier.apply(
                effects, to: ticketID, by: ChangeActor(name: name, role: .analyst), at: now,
                clocksAt: source.arrivedAt, in: session)
        }
        return .created(ticketID: ticketID)
    }

    /// A new analyst mail whose commands were refused.
    func quarantineRefusedCommands(
        _ message: ParsedMessage, sender: MailAddress, verdict: SenderVerdict, failure: MailCommands.Failure,
        source: Source, at now: Date, in session: StoreSession
    ) throws -> Outcome {
        let outcome = try quarantine(
            message.raw, source: source, parsed: message, reason: "mail command refused: \(failure.description)",
            at: now, in: session)
        try refuseCommands(
            message, sender: sender, verdict: verdict, failure: failure, ticketID: nil, source: source, at: now,
            in: session)
        return outcome
    }
}
