import Foundation
import TicketdStore

/// `ticketd purge`: the store forgets the mail and personal data of old closed tickets (and
/// old quarantined mail and auto-reply log entries), then the files it no longer refers to —
/// attachments and the raw files of large mail — are deleted.
public struct Retention: Sendable {
    public let runtime: TicketdRuntime

    public init(runtime: TicketdRuntime) {
        self.runtime = runtime
    }

    public func purge(closedBefore cutoff: Date, dryRun: Bool) throws -> PurgeReport {
        let report = try runtime.store.purge(closedBefore: cutoff, dryRun: dryRun)
        guard !dryRun else { return report }
        let attachments = AttachmentStore(directory: runtime.configuration.resolvedAttachmentsDirectory)
        for digest in report.unreferencedDigests {
            try? FileManager.default.removeItem(atPath: attachments.path(for: digest))
        }
        for path in report.rawFiles {
            try? FileManager.default.removeItem(atPath: path)
        }
        return report
    }
}
