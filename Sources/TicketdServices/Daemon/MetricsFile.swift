import Foundation
import TicketdCore
import TicketdStore

#if canImport(Glibc)
    import Glibc
#endif

/// The Prometheus text exposition of ticketd's health, for node_exporter's textfile collector:
/// written to a temporary file and renamed, so the collector never reads half a file.
public struct MetricsFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The metrics text as of `now`.
    public static func render(
        status: StatusReport, counters: DaemonCounters?, acknowledgementsHeld: Int = 0, statements: Int? = nil,
        now: Date
    ) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            lines.append("# HELP ticketd_\(name) \(help)")
            lines.append("# TYPE ticketd_\(name) \(type)")
            for sample in samples { lines.append("ticketd_\(name)\(sample.labels) \(format(sample.value))") }
        }
        metric(
            "tickets_open", "gauge", "Open tickets (new, open, pending) by priority.",
            Priority.allCases.map { ("{priority=\"\($0.rawValue)\"}", Double(status.openByPriority[$0.rawValue] ?? 0)) }
        )
        metric("outbox_unsent", "gauge", "Mails waiting in the outbox.", [("", Double(status.outboxDepth))])
        metric(
            "outbox_oldest_unsent_age_seconds", "gauge", "Age of the oldest unsent mail (0 when none).",
            [("", status.oldestUnsent.map { max(0, now.timeIntervalSince($0)) } ?? 0)])
        metric("outbox_failed", "gauge", "Mails rejected permanently.", [("", Double(status.outboxFailed))])
        metric("quarantined", "gauge", "Mails held in quarantine.", [("", Double(status.quarantined))])
        if let next = status.nextSLADue {
            metric(
                "sla_next_due_timestamp_seconds", "gauge", "When the next SLA clock needs attention.",
                [("", next.timeIntervalSince1970)])
        }
        if let lastPoll = status.lastPoll.flatMap(JSONOutput.parseRFC3339) {
            metric(
                "last_poll_timestamp_seconds", "gauge", "When the last poll succeeded.",
                [("", lastPoll.timeIntervalSince1970)])
        }
        if let counters {
            metric(
                "mail_fetched_total", "counter", "Mails fetched since start.", [("", Double(counters.value(.fetched)))])
            metric(
                "tickets_created_total", "counter", "Tickets created since start.",
                [("", Double(counters.value(.created)))])
            metric(
                "mail_quarantined_total", "counter", "Mails quarantined since start.",
                [("", Double(counters.value(.quarantined)))])
            metric("mail_sent_total", "counter", "Mails sent since start.", [("", Double(counters.value(.sent)))])
            metric(
                "mail_rejected_total", "counter", "Mails rejected for good since start.",
                [("", Double(counters.value(.sendFailures)))])
            metric(
                "poll_errors_total", "counter", "Failed polls since start.", [("", Double(counters.value(.pollErrors)))]
            )
            metric(
                "smtp_errors_total", "counter", "SMTP outages seen since start.",
                [("", Double(counters.value(.smtpErrors)))])
        }
        metric(
            "acknowledgements_held_total", "counter",
            "Acknowledgements held back by auto_reply_limit.per_hour_total since start.",
            [("", Double(acknowledgementsHeld))])
        if let statements {
            metric(
                "sql_statements_total", "counter", "SQL statements run against the store since start.",
                [("", Double(statements))])
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the text atomically (temporary file, then rename).
    public func write(_ text: String) throws {
        let temporary = "\(path).tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        // node_exporter runs as another user: the file is world-readable whatever the umask
        // (the unit's UMask=0077 would make it 0600).
        guard chmod(temporary, 0o644) == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary])
        }
        // rename(2) replaces the old file in one step, whether or not it exists.
        guard rename(temporary, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
