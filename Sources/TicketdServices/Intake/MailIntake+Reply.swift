import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Threading a reply onto its ticket: the message, its author's role, a proven analyst's first
/// response, and the requester's reopening through the planner and the applier.
extension MailIntake {
    func storeReply(
        _ message: ParsedMessage, sender: MailAddress, isAnalyst: Bool, ticketID: Int64, source: Source, at now: Date,
        in session: StoreSession
    ) throws {
        try storeMessage(message, sender: sender, ticketID: ticketID, source: source, in: session)
        let role = try role(of: sender, isAnalyst: isAnalyst, on: ticketID, in: session)
        try session.addEvent(
            TicketEvent(.messageIn, actor: sender.email, role: role, at: now, messageID: message.messageID),
            toTicket: ticketID)
        if isAnalyst {
            try sla.responded(ticketID: ticketID, at: source.arrivedAt, in: session)
        }
        // The requester's reply reopens a pending or resolved ticket.
        if role == .requester, let ticket = try session.ticket(ticketID, relations: false),
            ticket.status == .pending || ticket.status == .resolved
        {
            try applier.change(
                ticketID, TicketChangeRequest(status: .open, reason: "requester replied", messageID: message.messageID),
                by: ChangeActor(name: sender.email, role: .requester), at: now, clocksAt: source.arrivedAt,
                in: session)
        }
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
