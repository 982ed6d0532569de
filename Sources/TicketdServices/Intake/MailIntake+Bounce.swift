import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

extension MailIntake {
    /// A delivery failure report about one of our mails is recorded on that ticket — matched
    /// only by the Message-IDs of mail we queued, found in the returned headers, so a forged
    /// report naming someone else's mail cannot write into a ticket. Any other is quarantined.
    /// A bounce never opens a ticket and is never answered.
    func handleBounce(
        _ message: ParsedMessage, source: Source, at now: Date, in session: StoreSession
    ) throws
        -> Outcome
    {
        let returned = BounceDetector.returnedMessageIDs(message)
        guard let ticketID = try session.ticketID(forOutgoingMessageIDs: returned) else {
            return try quarantine(
                message.raw, source: source, parsed: message,
                reason: "delivery failure report for no mail ticketd sent", at: now, in: session)
        }
        let sender = message.from ?? MailAddress(name: "", email: "mailer-daemon")
        let kept = try rawMail.keep(message.raw)
        try session.addMessage(
            MessageRecord(
                messageID: message.messageID, direction: .in, kind: .auto,
                from: Person(name: sender.name, email: sender.email), subject: message.subject, body: message.textBody,
                raw: kept.inline, rawPath: kept.path, mailbox: source.mailbox, uid: source.uid,
                arrivedAt: source.arrivedAt, contentDigest: message.contentDigest),
            toTicket: ticketID)
        try session.addEvent(
            TicketEvent(
                .bounce, actor: sender.email, role: .system, at: now, detail: "delivery failed: \(message.subject)",
                messageID: message.messageID), toTicket: ticketID)
        return .bounce(ticketID: ticketID)
    }
}
