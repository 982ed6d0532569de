import Foundation
import TicketdCore
import TicketdStore

/// How analysts' notices name a ticket's requester: the address, and when their first mail
/// failed its sender check (or trust is configured and nothing proved it), that it is
/// unverified, so nobody acts on a forged nurse's word as if it were hers.
enum RequesterLabel {
    static func text(
        of ticket: Ticket, verdict: SenderVerdict.Outcome?, configuration: TicketdConfiguration
    )
        -> String
    {
        let person =
            ticket.requester.name.isEmpty
            ? ticket.requester.email : "\(ticket.requester.name) <\(ticket.requester.email)>"
        switch verdict {
        case .some(.fail): return person + " (unverified sender: the mail failed its check and may be forged)"
        case .some(.none) where configuration.trust.authservID != nil: return person + " (sender not verified)"
        default: return person
        }
    }

    static func text(
        of ticket: Ticket, configuration: TicketdConfiguration, in session: StoreSession
    ) throws
        -> String
    {
        text(of: ticket, verdict: try session.firstSenderVerdict(ofTicket: ticket.id), configuration: configuration)
    }
}
