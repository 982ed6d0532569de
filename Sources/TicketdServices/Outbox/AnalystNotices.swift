import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Mail that tells analysts about a ticket: `assignment` to a new assignee (with a copy to their
/// `pager` for critical and high tickets, both within `notice_limit`) and `unassigned` to the
/// on-duty analysts when nobody could be given it. The requester is shown with their sender
/// verdict. In the caller's transaction, threaded on the ticket.
struct AnalystNotices: Sendable {
    let composer: MailComposer

    var configuration: TicketdConfiguration { composer.configuration }

    /// `analyst` was given ticket `id` for `reason`; Core's `NoticeLimit` decides whether the
    /// notice (and the page, for critical and high tickets) goes out this hour, and a held one
    /// is on the trail (the ticket is on the analyst's digest).
    func assignment(_ id: Int64, to analyst: String, reason: String, at now: Date, in session: StoreSession) throws {
        guard let person = configuration.analyst(named: analyst) else { return }
        guard let ticket = try session.ticket(id, relations: false) else { return }
        var context = try context(.assignment, ticket, reason: reason, in: session)
        context.recipientName = person.name
        let urgent = ticket.priority <= .high && person.pager != nil
        let requester = CanonicalAddress.key(ticket.requester.email)
        let since = now.addingTimeInterval(-3600)
        let decision = configuration.noticeLimit.assignment(
            toAnalyst: try session.noticeCount("assignment", to: person.name, since: since),
            aboutSender: try session.noticeCount("assignment", about: requester, since: since),
            pagesToAnalyst: urgent ? try session.noticeCount("page", to: person.name, since: since) : 0,
            pagesAboutSender: urgent ? try session.noticeCount("page", about: requester, since: since) : 0,
            urgent: urgent)
        if let held = decision.reason {
            try session.addEvent(TicketEvent(.note, at: now, to: person.name, detail: held), toTicket: id)
        }
        guard decision.notify else { return }
        try session.recordNotice("assignment", to: person.name, about: requester, ticketID: id, at: now)
        var own = context
        own.commandAddressNote = composer.commandAddressNote(for: person.email)
        try queue(own, id, to: MailAddress(name: person.name, email: person.email), cc: [], at: now, in: session)
        if decision.page, let page = person.pager {
            // The pager's copy: the same notice without what is for the analyst alone.
            try session.recordNotice("page", to: person.name, about: requester, ticketID: id, at: now)
            try queue(context, id, to: MailAddress(email: page), cc: [], at: now, in: session)
        }
    }

    /// Nobody could be given ticket `id`: the analysts named in `notify` are told.
    func unassigned(_ id: Int64, reason: String, notify: [String], at now: Date, in session: StoreSession) throws {
        guard let ticket = try session.ticket(id, relations: false) else { return }
        var context = try context(.unassigned, ticket, reason: reason, in: session)
        for name in notify {
            guard let person = configuration.analyst(named: name) else { continue }
            context.recipientName = person.name
            try queue(
                context, id, to: MailAddress(name: person.name, email: person.email), cc: [], at: now, in: session)
        }
    }

    private func context(
        _ notice: AnalystNoticeContext.Notice, _ ticket: Ticket, reason: String, in session: StoreSession
    ) throws -> AnalystNoticeContext {
        let id = ticket.id
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.timeZone
        let due = try session.clocks(ofTicket: id).filter { $0.state == .running }
            .map { "\($0.name) \(SLASweeper.localTime($0.dueAt, in: calendar))" }
        var urgent =
            ticket.priority <= .high
            ? "\(ticket.priority.rawValue.capitalized) priority: if you cannot take it at once, call the next person up.\n"
            : ""
        if let withheld = try session.latestEventDetail(.priorityWithheld, ofTicket: id) {
            urgent += "Not raised: \(withheld). Read it before you treat it as routine.\n"
        }
        let requester = try RequesterLabel.text(of: ticket, configuration: configuration, in: session)
        return AnalystNoticeContext(
            notice: notice, recipientName: "", ticketNumber: id,
            tag: SubjectTag(configuration.subjectTag).token(for: id),
            subject: ticket.subject, requester: requester, priority: ticket.priority.rawValue,
            category: ticket.category ?? "none", reason: reason,
            due: due.isEmpty ? "no SLA" : due.joined(separator: "; "),
            urgentNote: urgent, firstMessage: try session.firstMessageBody(ofTicket: id) ?? "(no text)")
    }

    private func queue(
        _ context: AnalystNoticeContext, _ id: Int64, to recipient: MailAddress, cc: [MailAddress], at now: Date,
        in session: StoreSession
    ) throws {
        let thread = try session.threadIDs(ofTicket: id, includingInternal: true)
        try composer.queue(
            MailComposer.Request(
                context: context, ticketID: id, recipient: recipient, inReplyTo: thread.last, references: thread,
                autoSubmitted: "auto-generated", kind: context.notice.rawValue, cc: cc),
            at: now, in: session)
    }
}
