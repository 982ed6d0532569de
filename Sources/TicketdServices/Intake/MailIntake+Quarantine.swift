import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Holding a mail that cannot be handled, with its reason, its bytes and (when it parsed) its
/// sender, subject and digest; never dropped.
extension MailIntake {
    func quarantine(
        _ raw: [UInt8], source: Source, parsed: ParsedMessage?, reason: String, at now: Date, in session: StoreSession
    ) throws -> Outcome {
        // Mail that does not parse is known by the digest of its bytes, so a second delivery of
        // it is a duplicate rather than a second quarantine entry.
        let messageID = parsed?.messageID ?? MessageIDList.synthesized("sha256", digest: Digest.sha256Hex(raw))
        if try session.isQuarantined(messageID: messageID) { return .duplicate }
        let kept = try rawMail.keep(raw)
        try session.quarantine(
            QuarantineRecord(
                mailbox: source.mailbox, uid: source.uid, messageID: messageID,
                sender: parsed?.from?.email ?? "", subject: parsed?.subject ?? "", reason: reason,
                raw: kept.inline ?? [], rawPath: kept.path,
                arrivedAt: source.arrivedAt, contentDigest: parsed?.contentDigest),
            at: now)
        return .quarantined(reason: reason)
    }
}
