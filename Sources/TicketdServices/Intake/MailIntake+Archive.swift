import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Archiving a mail on a ticket: its text, its raw bytes (inline or an fsynced file), its
/// attachments (content-addressed), the ids it refers to.
extension MailIntake {
    func storeMessage(
        _ message: ParsedMessage, sender: MailAddress, verdict: SenderVerdict, ticketID: Int64, source: Source,
        kind: TicketMessage.Kind = .public, in session: StoreSession
    ) throws {
        let kept = try rawMail.keep(message.raw)
        let rowID = try session.addMessage(
            MessageRecord(
                messageID: message.messageID, direction: .in, kind: kind,
                from: Person(name: sender.name, email: sender.email), subject: message.subject, body: message.textBody,
                raw: kept.inline, rawPath: kept.path, mailbox: source.mailbox, uid: source.uid,
                arrivedAt: source.arrivedAt, references: message.references + message.inReplyTo,
                contentDigest: message.contentDigest, senderVerdict: verdict.outcome),
            toTicket: ticketID)
        var records: [AttachmentRecord] = []
        for attachment in message.attachments {
            let data = message.data(of: attachment)
            let digest = try attachments.store(data)
            records.append(
                AttachmentRecord(
                    filename: attachment.filename, contentType: attachment.contentType, size: data.count, sha256: digest
                ))
        }
        try session.addAttachments(records, toMessage: rowID)
    }
}
