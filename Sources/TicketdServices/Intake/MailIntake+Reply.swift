import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Threading a reply onto its ticket: the message, its author's role, a proven analyst's first
/// response, and the requester's reopening through the planner and the applier.
extension MailIntake {
    func storeReply(
        _ message: ParsedMessage, sender: MailAddress, verdict: SenderVerdict, isAnalyst: Bool, ticketID: Int64,
        source: Source, at now: Date, in session: StoreSession
    ) throws {
        let role = try role(of: sender, isAnalyst: isAnalyst, on: ticketID, in: session)
        // An out-of-office or other automatic mail is kept, and does nothing else: it is relayed
        // to nobody, meets no clock, takes nothing, runs no command, also when an analyst's.
        if let reason = loopRules.automaticReplyReason(for: message) {
            try storeMessage(
                message, sender: sender, verdict: verdict, ticketID: ticketID, source: source, kind: .auto,
                in: session)
            try session.addEvent(
                TicketEvent(
                    .messageIn, actor: isAnalyst ? analystIdentity(sender).name : sender.email, role: role, at: now,
                    detail: "automatic reply (\(reason)); not relayed", messageID: message.messageID),
                toTicket: ticketID)
            return
        }
        if isAnalyst {
            return try handleAnalystReply(
                message, sender: sender, verdict: verdict, ticketID: ticketID, source: source, at: now, in: session)
        }
        try storeMessage(message, sender: sender, verdict: verdict, ticketID: ticketID, source: source, in: session)
        try session.addEvent(
            TicketEvent(.messageIn, actor: sender.email, role: role, at: now, messageID: message.messageID),
            toTicket: ticketID)
        // A failed verdict: the words reach the analysts, flagged; nothing else happens.
        if verdict.isFailed {
            try session.addEvent(
                TicketEvent(
                    .senderUnverified, actor: sender.email, role: role, at: now,
                    detail: "unverified sender (\(verdict.reason)): resolves, rates and reopens nothing",
                    messageID: message.messageID), toTicket: ticketID)
            return try relayToAnalysts(
                message, sender: sender, verdict: verdict,
                label: role == .requester ? "Reply from the requester" : "Reply from a watcher", ticketID: ticketID,
                at: now, in: session)
        }
        if role == .requester, let ticket = try session.ticket(ticketID, relations: false) {
            let requester = ChangeActor(name: sender.email, role: .requester)
            switch RequesterReply.read(message.newText, ticketStatus: ticket.status) {
            case .rating(let value, let comment):
                // A rating (the last one counts): kept, not relayed, reopens nothing.
                try session.addEvent(
                    TicketEvent(
                        .satisfaction, actor: sender.email, role: .requester, at: now, to: String(value),
                        detail: comment, messageID: message.messageID), toTicket: ticketID)
                return
            case .solved:
                var request = TicketChangeRequest(
                    status: .resolved, reason: "solved by the requester (self-service)", messageID: message.messageID)
                request.tellRequester = false
                try applier.change(ticketID, request, by: requester, at: now, clocksAt: source.arrivedAt, in: session)
                try session.addEvent(
                    TicketEvent(
                        .selfService, actor: sender.email, role: .requester, at: now,
                        detail: "the requester says it is solved; nothing more is needed", messageID: message.messageID),
                    toTicket: ticketID)
                try relayToAnalysts(
                    message, sender: sender, verdict: verdict,
                    label: "Solved by the requester (self-service): nothing more is needed", ticketID: ticketID,
                    at: now, in: session)
                return
            case .reply: break
            }
        }
        // The requester's reply reopens a pending or resolved ticket.
        if role == .requester, let ticket = try session.ticket(ticketID, relations: false),
            ticket.status == .pending || ticket.status == .resolved
        {
            try applier.change(
                ticketID, TicketChangeRequest(status: .open, reason: "requester replied", messageID: message.messageID),
                by: ChangeActor(name: sender.email, role: .requester), at: now, clocksAt: source.arrivedAt,
                in: session)
            // A problem's child reopened: the problem's trail says so; the link stays.
            if let parent = ticket.parent, try session.isProblem(parent) {
                try session.addEvent(
                    TicketEvent(
                        .link, actor: sender.email, role: .requester, at: now, to: String(ticketID),
                        detail: "child #\(ticketID) reopened by its requester; still linked",
                        messageID: message.messageID), toTicket: parent)
            }
        }
        try relayToAnalysts(
            message, sender: sender, verdict: verdict,
            label: role == .requester ? "Reply from the requester" : "Reply from a watcher", ticketID: ticketID,
            at: now, in: session)
    }

    /// A requester's or watcher's words to the assignee; with nobody assigned, to the on-duty
    /// analysts of the ticket's tier.
    func relayToAnalysts(
        _ message: ParsedMessage, sender: MailAddress, verdict: SenderVerdict, label: String, ticketID: Int64,
        at now: Date, in session: StoreSession
    ) throws {
        var analysts: [String] = []
        if let assignee = try session.ticket(ticketID, relations: false)?.assignee {
            analysts = [assignee]
        } else {
            analysts = try roster.assignment(at: now, in: session).notifyWhenUnassigned(
                tier: session.routing(ofTicket: ticketID).tier)
        }
        try relay(
            message, text: message.newText, author: sender,
            authorName: sender.name.isEmpty ? sender.email : sender.name,
            kindLabel: verdict.isVerified ? label : "\(label), \(verdict.label)",
            to: .analysts(analysts), ticketID: ticketID, recordedKind: .internal, at: now, in: session)
    }

    /// In what capacity `sender` writes on ticket `ticketID`.
    func role(
        of sender: MailAddress, isAnalyst: Bool, on ticketID: Int64, in session: StoreSession
    ) throws
        -> TicketEvent.Role
    {
        if isAnalyst { return .analyst }
        guard let ticket = try session.ticket(ticketID) else { return .watcher }
        return ticket.requester.email == sender.email ? .requester : .watcher
    }
}
