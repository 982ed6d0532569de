import Foundation
import GRDB

/// What a purge removed (or, in a dry run, would remove).
public struct PurgeReport: Sendable, Equatable, Codable {
    public var tickets = 0
    public var messages = 0
    public var attachments = 0
    /// Attachment digests no longer referenced by any message: their files can go.
    public var unreferencedDigests: [String] = []
    /// Files holding the raw bytes of purged large mail, no longer referenced.
    public var rawFiles: [String] = []
    /// Quarantined mail held since before the cut-off.
    public var quarantined = 0
    /// Entries of the auto-reply log (per-sender cap) removed.
    public var autoReplyLog = 0

    enum CodingKeys: String, CodingKey {
        case tickets, messages, attachments, quarantined
        case autoReplyLog = "auto_reply_log"
        case unreferencedDigests = "unreferenced_files"
        case rawFiles = "raw_files"
    }
}

extension TicketStore {
    /// A consistent copy of the live database (`VACUUM INTO`), taken while the daemon runs.
    public func backup(to destination: String) throws(StoreError) {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError(.invalid, "\(destination) exists already; a backup never overwrites")
        }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [destination])
            }
        } catch {
            throw StoreError.wrapping(error, while: "backing up to \(destination)")
        }
    }

    /// Retention: for tickets closed before `cutoff`, removes the mail (bodies, raw bytes,
    /// attachments, watchers, outbox copies) and the personal data on the ticket and its events,
    /// keeping an anonymous trail (ids, times, priority, category, event types, SLA clocks) so
    /// reports stay right. With `dryRun`, only counts.
    public func purge(closedBefore cutoff: Date, dryRun: Bool) throws(StoreError) -> PurgeReport {
        do {
            return try pool.write { db in
                let ids = try Int64.fetchAll(
                    db,
                    sql: "SELECT id FROM tickets WHERE status = 'closed' AND closed_at < ? AND subject != '[purged]'",
                    arguments: [cutoff.storageText])
                var report = PurgeReport()
                report.tickets = ids.count
                // Quarantined copies and the auto-reply log older than the cut-off go too: they
                // hold addresses and whole mails, and nothing needs them after an hour or a fix.
                let cutoffText = cutoff.storageText
                report.quarantined =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM quarantine WHERE quarantined_at < ?", arguments: [cutoffText])
                    ?? 0
                report.autoReplyLog =
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auto_replies WHERE at < ?", arguments: [cutoffText])
                    ?? 0
                let quarantineFiles = try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT raw_path FROM quarantine WHERE quarantined_at < ? AND raw_path IS NOT NULL
                          AND raw_path NOT IN (SELECT raw_path FROM messages WHERE raw_path IS NOT NULL)
                          AND raw_path NOT IN (SELECT raw_path FROM quarantine
                              WHERE quarantined_at >= ? AND raw_path IS NOT NULL)
                        """, arguments: [cutoffText, cutoffText])
                if !dryRun {
                    try db.execute(sql: "DELETE FROM quarantine WHERE quarantined_at < ?", arguments: [cutoffText])
                    try db.execute(sql: "DELETE FROM auto_replies WHERE at < ?", arguments: [cutoffText])
                    try db.execute(sql: "DELETE FROM notice_log WHERE at < ?", arguments: [cutoffText])
                    for table in ["auto_reply_hours", "auto_reply_hours_verified"] {
                        try db.execute(
                            sql: "DELETE FROM \(table) WHERE hour < ?",
                            arguments: [Int64((cutoff.timeIntervalSince1970 / 3600).rounded(.down))])
                    }
                }
                guard !ids.isEmpty else {
                    report.rawFiles = quarantineFiles
                    return report
                }
                let list = ids.map(String.init).joined(separator: ",")
                report.messages =
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE ticket_id IN (\(list))") ?? 0
                report.attachments =
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT COUNT(*) FROM attachments WHERE message_row_id IN (SELECT id FROM messages WHERE ticket_id IN (\(list)))"
                    ) ?? 0
                report.unreferencedDigests = try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT sha256 FROM attachments
                        WHERE message_row_id IN (SELECT id FROM messages WHERE ticket_id IN (\(list)))
                          AND sha256 NOT IN (SELECT sha256 FROM attachments
                              WHERE message_row_id NOT IN (SELECT id FROM messages WHERE ticket_id IN (\(list))))
                        """)
                report.rawFiles = try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT raw_path FROM messages WHERE ticket_id IN (\(list)) AND raw_path IS NOT NULL
                          AND raw_path NOT IN (SELECT raw_path FROM messages
                              WHERE ticket_id NOT IN (\(list)) AND raw_path IS NOT NULL)
                          AND raw_path NOT IN (SELECT raw_path FROM quarantine WHERE raw_path IS NOT NULL
                              AND quarantined_at >= ?)
                        """, arguments: [cutoffText])
                report.rawFiles = Array(Set(report.rawFiles + quarantineFiles)).sorted()
                if dryRun { return report }
                let requesters = try String.fetchAll(
                    db, sql: "SELECT DISTINCT requester_email FROM tickets WHERE id IN (\(list))")
                for requester in requesters {
                    try db.execute(sql: "DELETE FROM auto_replies WHERE recipient = ?", arguments: [requester])
                }
                try db.execute(sql: "DELETE FROM messages WHERE ticket_id IN (\(list))")
                try db.execute(sql: "DELETE FROM watchers WHERE ticket_id IN (\(list))")
                try db.execute(sql: "DELETE FROM notice_log WHERE ticket_id IN (\(list))")
                try db.execute(
                    sql:
                        "DELETE FROM outbox WHERE ticket_id IN (\(list)) AND (sent_at IS NOT NULL OR failed_at IS NOT NULL)"
                )
                try db.execute(sql: "DELETE FROM broadcast_recipients WHERE ticket_id IN (\(list))")
                // Every free-text column of the rows that stay, from the one list.
                for (table, key) in PurgeColumns.clearedTables {
                    try db.execute(
                        sql: "UPDATE \(table) SET \(PurgeColumns.assignments(table)) WHERE \(key) IN (\(list))")
                }
                try db.execute(
                    sql: "DELETE FROM quarantine WHERE ticket_id IN (\(list))")
                return report
            }
        } catch {
            throw StoreError.wrapping(error, while: "purging")
        }
    }
}
