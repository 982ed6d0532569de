import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// `reports.weekly`: the previous ISO week's report mailed to a group (or an address) at a
/// weekday and time in `timezone`, as text with an HTML alternative carrying the charts. The
/// week is recorded with the mails, so each goes once, across restarts and downtime.
struct WeeklyReportSweeper: Sendable {
    let composer: MailComposer
    let builder: ReportBuilder

    var configuration: TicketdConfiguration { composer.configuration }

    /// Sends the report due at `now`, if any; returns how many mails were queued.
    func sweep(at now: Date, in session: StoreSession) throws -> Int {
        let settings = configuration.reports
        guard let to = settings.weeklyTo, let day = WeekdaySpec.parse(settings.weeklyDay)?.first else { return 0 }
        let minute = settings.weeklyMinute
        let zone = configuration.timeZone
        let key = "report:weekly"
        guard
            let period = WeeklySchedule(weekday: day, minuteOfDay: minute).due(
                at: now, in: zone, lastSent: try session.state(key))
        else { return 0 }
        try session.setState(key, period.week, at: now)
        let report = try builder.report(from: period.from, to: period.to, now: now, in: session)
        let title = "\(configuration.deskName) weekly report \(period.week)"
        let context = ReportContext(
            week: period.week, window: "\(JSONOutput.rfc3339(period.from)) to \(JSONOutput.rfc3339(period.to))",
            table: ReportRenderer.table(report), deskName: configuration.deskName)
        let html = ReportRenderer.html(report, title: title)
        let recipients = configuration.groups[to] ?? [to]
        for address in recipients {
            try composer.queue(
                MailComposer.Request(
                    context: context, ticketID: nil, recipient: MailAddress(email: address), inReplyTo: nil,
                    references: [], autoSubmitted: "auto-generated", kind: "report", htmlBody: html),
                at: now, in: session)
        }
        return recipients.count
    }
}
