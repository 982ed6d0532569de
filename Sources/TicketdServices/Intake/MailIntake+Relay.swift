import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Carrying a person's words to the other side of a ticket: an analyst's public reply to the
/// requester and watchers, a requester's reply or an internal note to the assignee (or, with
/// nobody assigned, to the analysts). One mail each, from "NAME via <desk>" at the support
/// address, `Reply-To` the support address, in the ticket's thread, attachments carried; a relay
/// of automatic mail says so (`Auto-Submitted`), and relays are capped per ticket and sender.
extension MailIntake {
    /// Who is relayed to, and as what.
    enum RelayAudience {
        case requesterAndWatchers
        /// Analysts by name; empty: every configured analyst.
        case analysts([String])
    }

    func relay(
        _ message: ParsedMessage, text: String, author: MailAddress, authorName: String, kindLabel: String,
        to audience: RelayAudience, ticketID: Int64, recordedKind: TicketMessage.Kind, at now: Date,
        in session: StoreSession
    ) throws {
        guard let ticket = try session.ticket(ticketID) else { return }
        let analystEmails = Set(configuration.analysts.map { CanonicalAddress.key($0.email) })
        let direction: RelayContext.Direction
        var recipients: [MailAddress]
        switch audience {
        case .requesterAndWatchers:
            direction = .toRequester
            let requester = MailAddress(name: ticket.requester.name, email: ticket.requester.email)
            let watchers = ticket.watchers.filter {
                !analystEmails.contains(CanonicalAddress.key($0)) && !configuration.ownAddresses.contains($0)
                    && $0 != author.email && $0 != requester.email
            }.map { MailAddress(email: $0) }
            recipients = ([requester] + watchers).filter {
                $0.email != author.email && !configuration.ownAddresses.contains($0.email)
            }
        case .analysts(let names):
            direction = .toAnalyst
            let chosen = names.isEmpty ? configuration.analysts : names.compactMap { configuration.analyst(named: $0) }
            recipients = chosen.filter { CanonicalAddress.key($0.email) != CanonicalAddress.key(author.email) }
                .map { MailAddress(name: $0.name, email: $0.email) }
        }
        guard let first = recipients.first else { return }
        // One sender's mail on one ticket is relayed at most `notice_limit.relays_per_ticket_sender_per_hour`
        // times an hour (two auto-responders, a flood): the rest is kept on the ticket, unrelayed.
        let about = "\(ticketID):\(CanonicalAddress.key(author.email))"
        let sent = try session.noticeCount("relay", about: about, since: now.addingTimeInterval(-3600))
        guard configuration.noticeLimit.allowsRelay(sentThisHour: sent) else {
            try session.addEvent(
                TicketEvent(
                    .note, actor: author.email, at: now,
                    detail:
                        "not relayed: \(sent) mails from \(author.email) on this ticket were relayed this hour (notice_limit.relays_per_ticket_sender_per_hour)",
                    messageID: message.messageID), toTicket: ticketID)
            return
        }
        try session.recordNotice("relay", to: first.email, about: about, ticketID: ticketID, at: now)
        let (attachments, note) = relayedAttachments(of: message, text: text)
        let tag = SubjectTag(configuration.subjectTag)
        let context = RelayContext(
            direction: direction, ticketNumber: ticketID, tag: tag.token(for: ticketID),
            subject: ticket.subject, authorName: authorName, authorEmail: author.email, kindLabel: kindLabel,
            text: text, status: ticket.status.rawValue, priority: ticket.priority.rawValue,
            requester: ticket.requester.email, assignee: ticket.assignee ?? "nobody", attachmentsNote: note,
            deskName: configuration.deskName)
        let thread = try session.threadIDs(
            ofTicket: ticketID, includingInternal: direction == .toAnalyst)
        let previous = thread.last { $0 != message.messageID } ?? thread.last
        try composer.queue(
            MailComposer.Request(
                context: context, ticketID: ticketID, recipient: first, inReplyTo: previous,
                references: thread.filter { $0 != message.messageID },
                autoSubmitted: loopRules.automaticReplyReason(for: message) == nil ? nil : "auto-replied",
                kind: "relay",
                cc: Array(recipients.dropFirst()), onBehalfOf: authorName, attachments: attachments,
                recordedKind: recordedKind),
            at: now, in: session)
    }

    /// The mail's attachments while they fit `max_message_size` with the text; a note names
    /// those left behind (they stay stored on the ticket).
    private func relayedAttachments(of message: ParsedMessage, text: String) -> ([OutgoingMessage.Attachment], String) {
        var carried: [OutgoingMessage.Attachment] = []
        var left: [String] = []
        // Base64 grows data by a third; headers and the text need room too.
        var budget = configuration.maxMessageSize * 3 / 4 - text.utf8.count - 64 * 1024
        for attachment in message.attachments {
            let data = message.data(of: attachment)
            if data.count <= budget {
                carried.append(
                    OutgoingMessage.Attachment(
                        filename: attachment.filename, contentType: attachment.contentType, data: data))
                budget -= data.count
            } else {
                left.append(attachment.filename)
            }
        }
        let note =
            left.isEmpty
            ? "" : "(Not carried, too large for one mail; kept on the ticket: \(left.joined(separator: ", ")))\n"
        return (carried, note)
    }
}
