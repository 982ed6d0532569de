import Foundation
import Logging
import TicketdCore
import TicketdMIME
import TicketdStore

/// Evaluates the clocks that are due (found through the index on their next check, never a
/// scan) and queues their warnings and escalation notices. Each notice is queued exactly once
/// per clock and level: the clock's new state commits in the same transaction as the outbox
/// rows, so repeated sweeps and restarts send nothing twice.
public struct SLASweeper: Sendable {
    /// What a sweep did.
    public struct Result: Sendable, Equatable {
        public var clocks = 0
        public var warnings = 0
        public var breaches = 0
        public var escalations = 0
        /// Waiting tickets: resolved ones closed, pending ones reminded and resolved.
        public var closed = 0
        public var reminded = 0
        public var resolved = 0
        /// Analysts' daily digests sent.
        public var digests = 0
        /// Weekly report mails queued.
        public var reports = 0
    }

    public let store: TicketStore
    public let engine: SLAEngine
    public let composer: MailComposer
    /// What a sweep records goes through the one applier.
    public let applier: TicketApplier
    public var batchSize = 2000

    /// The calendar notices show due times in (the configured time zone).
    let displayCalendar: Calendar
    let statusSweeper: StatusSweeper
    let roster: AnalystRoster
    let digestSweeper: DigestSweeper
    let reportSweeper: WeeklyReportSweeper

    public init(store: TicketStore, engine: SLAEngine, composer: MailComposer, applier: TicketApplier) {
        self.applier = applier
        self.store = store
        self.engine = engine
        self.composer = composer
        statusSweeper = StatusSweeper(configuration: composer.configuration, applier: applier)
        roster = applier.problems.roster
        digestSweeper = DigestSweeper(composer: composer, roster: roster, calendars: engine.calendars)
        reportSweeper = WeeklyReportSweeper(
            composer: composer, builder: ReportBuilder(configuration: composer.configuration, sla: engine))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = composer.configuration.timeZone
        displayCalendar = calendar
    }

    var configuration: TicketdConfiguration { composer.configuration }

    /// Handles every clock due at `now`.
    public func sweep(at now: Date, logger: Logger) throws -> Result {
        var result = Result()
        while true {
            let handled = try store.write { session -> Int in
                let due = try session.dueClocks(at: now, limit: batchSize)
                // Rendering is most of a notice's cost and needs no store: other threads render
                // the notices while this one decides the rest; all are queued in this transaction.
                let notices = ComposeBatch(composer: composer, at: now)
                for clock in due { try handle(clock, at: now, in: session, result: &result, notices: notices) }
                for mail in try notices.finish() { try composer.record(mail, at: now, in: session) }
                return due.count
            }
            result.clocks += handled
            if handled < batchSize { break }
        }
        let waiting = try store.write { try statusSweeper.sweep(at: now, in: $0) }
        result.digests = try store.write { try digestSweeper.sweep(at: now, in: $0) }
        result.reports = try store.write { try reportSweeper.sweep(at: now, in: $0) }
        result.closed = waiting.closed
        result.reminded = waiting.reminded
        result.resolved = waiting.resolved
        if result.closed + result.reminded + result.resolved > 0 {
            logger.info(
                "waiting tickets",
                metadata: [
                    "closed": "\(result.closed)", "reminded": "\(result.reminded)", "resolved": "\(result.resolved)",
                ])
        }
        if result.warnings + result.breaches > 0 {
            logger.info(
                "SLA sweep",
                metadata: [
                    "warnings": "\(result.warnings)", "breaches": "\(result.breaches)",
                    "escalations": "\(result.escalations)",
                ])
        }
        return result
    }

    /// Records what `clock` means at `now` (events, its new state) and adds the notices it
    /// calls for to `notices`.
    private func handle(
        _ clock: SLAClock, at now: Date, in session: StoreSession, result: inout Result, notices: ComposeBatch
    ) throws {
        guard let ticket = try session.ticket(clock.ticketID, relations: false) else {
            try session.deleteClock(ticketID: clock.ticketID, name: clock.name)
            return
        }
        let policy = engine.policies[ticket.priority]
        let sweep = engine.rules(for: clock, priority: ticket.priority).sweep(clock, at: now)
        var effects: [TicketEffect] = []
        let verdict =
            sweep.sendWarning || !sweep.escalationLevels.isEmpty
            ? try session.firstSenderVerdict(ofTicket: ticket.id) : nil
        if sweep.sendWarning {
            result.warnings += 1
            effects.append(
                .record(
                    TicketEvent(
                        .slaWarned, at: now, to: clock.name,
                        detail: "\(clock.name) due \(JSONOutput.rfc3339(clock.dueAt))", clock: clock.name)))
            for recipient in warningRecipients(ticket, at: now) {
                notices.add(
                    notice(
                        .warning, clock: sweep.clock, ticket: ticket, verdict: verdict, level: nil, to: recipient))
            }
        }
        if clock.state == .running && sweep.clock.state == .breached {
            result.breaches += 1
            effects.append(
                .record(
                    TicketEvent(
                        .slaBreached, at: now, to: clock.name,
                        detail: "\(clock.name) missed its target of \(clock.targetMinutes) min", clock: clock.name)))
        }
        for level in sweep.escalationLevels {
            guard let target = policy?.escalateTo[safe: level] else { continue }
            result.escalations += 1
            var recipients = escalationRecipients(target, ticket: ticket, at: now)
            // As with assignments: a critical or high ticket's breach also reaches analysts' pagers.
            if ticket.priority <= .high {
                recipients += recipients.compactMap { configuration.analyst(withEmail: $0.email)?.pager }
                    .map { MailAddress(email: $0) }
            }
            effects.append(
                .record(
                    TicketEvent(
                        .escalation, at: now, from: clock.name, to: "\(target)",
                        detail: "\(clock.name) level \(level + 1) to \(target): "
                            + (recipients.isEmpty
                                ? "nobody to notify" : recipients.map(\.email).joined(separator: ", ")))))
            for recipient in recipients {
                notices.add(
                    notice(
                        .escalation, clock: sweep.clock, ticket: ticket, verdict: verdict, level: level,
                        to: recipient))
            }
        }
        try applier.apply(effects, to: ticket.id, by: .system, at: now, clocksAt: now, in: session)
        try session.saveClock(sweep.clock)
    }

    /// The assignee, or the on-duty analysts while nobody is assigned (the queue).
    func warningRecipients(_ ticket: Ticket, at now: Date) -> [MailAddress] {
        if let name = ticket.assignee, let analyst = configuration.analysts.first(where: { $0.name == name }) {
            return [MailAddress(name: analyst.name, email: analyst.email)]
        }
        return roster.onDuty(at: now)
    }

    /// `assignee`, `lead` (the leads), `on_duty`, or a group's members; each person once.
    func escalationRecipients(_ target: String, ticket: Ticket, at now: Date) -> [MailAddress] {
        let people: [MailAddress]
        switch target {
        case "assignee": people = warningRecipients(ticket, at: now)
        case "lead": people = configuration.analysts.filter(\.lead).map { MailAddress(name: $0.name, email: $0.email) }
        case "on_duty":
            people = roster.onDuty(at: now)
        default: people = (configuration.groups[target] ?? []).map { MailAddress(email: $0) }
        }
        var seen = Set<String>()
        return people.filter { seen.insert($0.email).inserted }
    }

    private func notice(
        _ template: SLANoticeContext.Notice, clock: SLAClock, ticket: Ticket, verdict: SenderVerdict.Outcome?,
        level: Int?, to recipient: MailAddress
    ) -> MailComposer.Request {
        MailComposer.Request(
            context: noticeContext(
                template, clock: clock, ticket: ticket, verdict: verdict, level: level, recipient: recipient),
            ticketID: ticket.id, recipient: recipient, inReplyTo: nil, references: [], autoSubmitted: "auto-generated",
            kind: template.rawValue)
    }

    /// What `sla-warning` and `escalation` see.
    func noticeContext(
        _ notice: SLANoticeContext.Notice, clock: SLAClock, ticket: Ticket, verdict: SenderVerdict.Outcome? = nil,
        level: Int?, recipient: MailAddress
    ) -> SLANoticeContext {
        SLANoticeContext(
            notice: notice, ticketNumber: ticket.id, tag: SubjectTag(configuration.subjectTag).token(for: ticket.id),
            subject: ticket.subject, priority: ticket.priority.rawValue, clock: Self.describe(clock.name),
            target: TimeSpan(seconds: clock.targetMinutes * 60).description,
            due: Self.localTime(clock.dueAt, in: displayCalendar),
            requester: RequesterLabel.text(of: ticket, verdict: verdict, configuration: configuration),
            assignee: ticket.assignee ?? "nobody", level: (level ?? 0) + 1,
            recipientName: recipient.name.isEmpty ? recipient.email : recipient.name)
    }

    /// `first response`, `resolution`, `step approval`.
    static func describe(_ name: String) -> String {
        if name.hasPrefix("step:") { return "step " + name.dropFirst(5) }
        return String(name.map { $0 == "_" ? " " : $0 })
    }

    /// `2026-11-23 15:00 America/New_York`.
    static func localTime(_ date: Date, in calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let two = { (value: Int?) in DateText.padded(value) }
        return
            "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) \(calendar.timeZone.identifier)"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
