import Foundation
import GRDB

/// The notices ticketd sent analysts (assignment notices, pages, relays, announcements), so
/// Core's `NoticeLimit` can count the last hour's. Rows of a purged ticket go with it; older
/// rows go at purge time.
extension StoreSession {
    /// Records a notice of `kind` to `recipient` about `about` (a requester's address, a
    /// ticket and sender, a problem's number).
    public func recordNotice(
        _ kind: String, to recipient: String, about: String, ticketID: Int64?, at now: Date
    )
        throws
    {
        try execute(
            sql: "INSERT INTO notice_log (kind, recipient, about, ticket_id, at) VALUES (?, ?, ?, ?, ?)",
            arguments: [kind, recipient, about, ticketID, now.storageText])
    }

    /// How many notices of `kind` went to `recipient` since `since`.
    public func noticeCount(_ kind: String, to recipient: String, since: Date) throws -> Int {
        try Int.fetchOne(
            cached("SELECT COUNT(*) FROM notice_log WHERE kind = ? AND recipient = ? AND at > ?"),
            arguments: [kind, recipient, since.storageText]) ?? 0
    }

    /// How many notices of `kind` about `about` went out since `since`.
    public func noticeCount(_ kind: String, about: String, since: Date) throws -> Int {
        try Int.fetchOne(
            cached("SELECT COUNT(*) FROM notice_log WHERE kind = ? AND about = ? AND at > ?"),
            arguments: [kind, about, since.storageText]) ?? 0
    }
}
