import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// The analysts' daily "my tickets" mail (`digest.at`, `analyst-digest`): each analyst who is
/// on duty that day gets one at that time in their calendar's time zone, with their open tickets
/// by next due clock, what is breached, what waits on them, and unassigned tickets of their
/// skills and tier; none when there is nothing to say. The day sent is recorded with the mail,
/// so it goes once per day across restarts (and late, once, after downtime).
struct DigestSweeper: Sendable {
    let composer: MailComposer
    let roster: AnalystRoster
    let calendars: [String: BusinessCalendar]

    var configuration: TicketdConfiguration { composer.configuration }

    /// Sends the digests due at `now`; returns how many went.
    func sweep(at now: Date, in session: StoreSession) throws -> Int {
        guard let minute = configuration.digestMinute else { return 0 }
        let schedule = DailySchedule(minuteOfDay: minute)
        var sent = 0
        for analyst in configuration.analysts where analyst.duty != .never {
            let key = "digest:\(analyst.name)"
            let zone = roster.timeZone(of: analyst)
            guard let day = schedule.due(at: now, in: zone, lastSent: try session.state(key)) else { continue }
            try session.setState(key, day, at: now)
            guard worksOn(day, analyst: analyst, zone: zone) else { continue }
            if try send(to: analyst, day: day, at: now, in: session) { sent += 1 }
        }
        return sent
    }

    /// Whether the analyst's duty calendar opens at all on `day`.
    private func worksOn(_ day: String, analyst: Analyst, zone: TimeZone) -> Bool {
        guard case .calendar(let name) = analyst.duty, let calendar = calendars[name], !calendar.isAlwaysOpen else {
            return true
        }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = zone
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3,
            let start = gregorian.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        else { return true }
        let firstOpen = calendar.adding(seconds: 1, to: start)
        return gregorian.isDate(firstOpen, inSameDayAs: start)
    }

    private func send(to analyst: Analyst, day: String, at now: Date, in session: StoreSession) throws -> Bool {
        let mine = try session.digestLines(assignee: analyst.name)
        let unassigned = try session.digestLines(assignee: nil).filter {
            $0.tier == analyst.tier && ($0.skill.map(analyst.skills.contains) ?? true)
        }
        guard !mine.isEmpty || !unassigned.isEmpty else { return false }
        var local = Calendar(identifier: .gregorian)
        local.timeZone = roster.timeZone(of: analyst)
        func line(_ ticket: StoreSession.DigestLine) -> String {
            let tag = SubjectTag(configuration.subjectTag).token(for: ticket.id)
            var text = "    \(tag) [\(ticket.priority.rawValue), \(ticket.status.rawValue)] \(ticket.subject)"
            if let clock = ticket.nextClock, let due = ticket.nextDue {
                text += " - \(clock) due \(SLASweeper.localTime(due, in: local))"
            }
            if ticket.breached { text += " (BREACHED)" }
            return text
        }
        var context = AnalystDigestContext(
            recipientName: analyst.name, date: day, openCount: mine.count,
            breachedCount: mine.filter(\.breached).count,
            waitingCount: mine.filter { $0.status != .pending }.count,
            openTickets: mine.isEmpty ? "    (none)" : mine.map(line).joined(separator: "\n"),
            unassignedTickets: unassigned.isEmpty
                ? "" : "\nUnassigned tickets of your skills:\n" + unassigned.map(line).joined(separator: "\n") + "\n",
            deskName: configuration.deskName)
        context.commandAddressNote = composer.commandAddressNote(for: analyst.email)
        try composer.queue(
            MailComposer.Request(
                context: context, ticketID: nil, recipient: MailAddress(name: analyst.name, email: analyst.email),
                inReplyTo: nil, references: [], autoSubmitted: "auto-generated", kind: "analyst-digest"),
            at: now, in: session)
        return true
    }
}
