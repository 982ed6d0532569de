import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Mail that tells a requester where their ticket stands (`resolved`, `pending-reminder`), in
/// the thread of their ticket and in the caller's transaction.
struct RequesterNotices: Sendable {
    let composer: MailComposer

    var configuration: TicketdConfiguration { composer.configuration }

    /// The `resolved` notice; `text` is the resolving analyst's words (then the mail comes from
    /// "NAME via Help Desk" and is a human reply) or why ticketd resolved it.
    func resolved(_ id: Int64, text: String, by author: String?, at now: Date, in session: StoreSession) throws {
        try send(.resolved, id, text: text, by: author, since: nil, resolveOn: nil, at: now, in: session)
    }

    /// The one reminder of a pending ticket.
    func pendingReminder(_ id: Int64, since: Date, resolveOn: Date, at now: Date, in session: StoreSession) throws {
        try send(.pendingReminder, id, text: "", by: nil, since: since, resolveOn: resolveOn, at: now, in: session)
    }

    private func send(
        _ notice: RequesterNoticeContext.Notice, _ id: Int64, text: String, by author: String?, since: Date?,
        resolveOn: Date?, at now: Date, in session: StoreSession
    ) throws {
        guard let ticket = try session.ticket(id, relations: false) else { return }
        let tag = SubjectTag(configuration.subjectTag)
        let support = configuration.supportAddress
        let context = RequesterNoticeContext(
            notice: notice, ticketNumber: id, tag: tag.token(for: id), subject: ticket.subject,
            requesterName: ticket.requester.name.isEmpty ? ticket.requester.email : ticket.requester.name,
            text: text, since: since.map(Self.day) ?? "", resolveOn: resolveOn.map(Self.day) ?? "",
            deskName: support.name.isEmpty ? configuration.subjectTag : support.name, supportAddress: support.email)
        let thread = try session.threadIDs(ofTicket: id)
        try composer.queue(
            MailComposer.Request(
                context: context, ticketID: id,
                recipient: MailAddress(name: ticket.requester.name, email: ticket.requester.email),
                inReplyTo: thread.last, references: thread, autoSubmitted: author == nil ? "auto-generated" : nil,
                kind: notice.rawValue, onBehalfOf: author, recordedKind: author == nil ? .auto : .public),
            at: now, in: session)
    }

    /// A day as people read it in a notice.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEEE d MMMM yyyy"
        return formatter.string(from: date)
    }
}
