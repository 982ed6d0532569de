import Foundation
import TicketdCore
import TicketdStore

/// The timers of waiting tickets (Core's `StatusTimers`): resolved tickets close after
/// `auto_close_after`; a pending ticket's requester is reminded once after
/// `pending_reminder_after`, and the ticket is resolved with a notice after
/// `pending_resolve_after`. Each change commits with its event, so each happens once, across
/// restarts.
struct StatusSweeper: Sendable {
    let applier: TicketApplier
    let timers: StatusTimers
    let configuration: TicketdConfiguration

    init(configuration: TicketdConfiguration, applier: TicketApplier) {
        self.configuration = configuration
        self.applier = applier
        timers = StatusTimers(
            autoCloseAfter: configuration.autoCloseAfter.timeInterval,
            reminderAfter: configuration.pendingReminderAfter.timeInterval,
            resolveAfter: configuration.pendingResolveAfter.timeInterval)
    }

    /// What a sweep did.
    struct Counts: Sendable, Equatable {
        var closed = 0
        var reminded = 0
        var resolved = 0
    }

    func sweep(at now: Date, in session: StoreSession) throws -> Counts {
        var counts = Counts()
        for ticket in try session.waitingTickets() {
            switch timers.due(status: ticket.status, since: ticket.since, remindedAt: ticket.remindedAt, at: now) {
            case nil: continue
            case .close:
                try applier.change(
                    ticket.id,
                    TicketChangeRequest(
                        status: .closed, reason: "resolved for \(configuration.autoCloseAfter) (auto_close_after)"),
                    by: .system, at: now, in: session)
                counts.closed += 1
            case .remind:
                let resolveOn = ticket.since.addingTimeInterval(timers.resolveAfter)
                try applier.notices.pendingReminder(
                    ticket.id, since: ticket.since, resolveOn: resolveOn, at: now, in: session)
                try session.addEvent(
                    TicketEvent(
                        .pendingReminder, at: now,
                        detail: "pending for \(configuration.pendingReminderAfter); the requester was reminded"),
                    toTicket: ticket.id)
                counts.reminded += 1
            case .resolve:
                let text =
                    "We resolved it because we have not heard from you since \(RequesterNotices.day(ticket.since))."
                var request = TicketChangeRequest(
                    status: .resolved,
                    reason: "no answer for \(configuration.pendingResolveAfter) (pending_resolve_after)")
                request.noticeText = text
                try applier.change(ticket.id, request, by: .system, at: now, in: session)
                counts.resolved += 1
            }
        }
        return counts
    }
}
