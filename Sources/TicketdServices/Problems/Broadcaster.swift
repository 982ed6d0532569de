import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Outage mail to many people: one separate mail per person (nobody sees the others), each
/// person once across overlapping groups and the problem's children's requesters, all queued in
/// the caller's transaction behind mail to people about their own tickets (outbox priority),
/// with `Auto-Submitted: auto-generated`, `Precedence: bulk` and `X-Auto-Response-Suppress: All`.
/// A broadcast is recorded under a key; the same key again sends nothing (a replayed command).
struct Broadcaster: Sendable {
    let composer: MailComposer

    var configuration: TicketdConfiguration { composer.configuration }

    /// Who a broadcast about `problem` to `groups` reaches: members, and with `children` the
    /// requesters of the problem's children; each once, never our own addresses.
    func audience(problem: Int64, groups: [String], children: Bool, in session: StoreSession) throws -> [MailAddress] {
        var seen = Set<String>()
        var people: [MailAddress] = []
        var addresses = groups.flatMap { configuration.groups[$0] ?? [] }
        if children { addresses += try session.childRequesters(of: problem) }
        for address in addresses where !configuration.ownAddresses.contains(address.lowercased()) {
            if seen.insert(CanonicalAddress.key(address)).inserted { people.append(MailAddress(email: address)) }
        }
        return people
    }

    /// Sends `notice` about `problem` to `people` (and, for an outage, the groups' SMS addresses
    /// the short text); returns how many mails were queued, 0 for a replay of `key`.
    @discardableResult
    func send(
        _ notice: BroadcastContext.Notice, problem: Int64, to people: [MailAddress], smsGroups: [String] = [],
        text: String, key: String, by actor: ChangeActor, at now: Date, in session: StoreSession
    ) throws -> Int {
        guard let ticket = try session.ticket(problem, relations: false) else { return 0 }
        var sms: [MailAddress] = []
        if notice == .outage {
            var seen = Set<String>()
            for address in smsGroups.flatMap({ configuration.smsGroups[$0] ?? [] }) where seen.insert(address).inserted
            {
                sms.append(MailAddress(email: address))
            }
        }
        guard
            try session.recordBroadcast(
                key: key, ticketID: problem, template: notice.rawValue, text: text,
                recipients: people.count + sms.count,
                at: now)
        else { return 0 }
        let tag = SubjectTag(configuration.subjectTag)
        func context(_ notice: BroadcastContext.Notice) -> BroadcastContext {
            BroadcastContext(
                notice: notice, problemNumber: problem, tag: tag.token(for: problem), title: ticket.subject, text: text,
                deskName: configuration.deskName, supportAddress: configuration.supportAddress.email)
        }
        let batch = ComposeBatch(composer: composer, at: now)
        for (recipients, kind) in [(people, notice), (sms, BroadcastContext.Notice.outageShort)] {
            for person in recipients {
                batch.add(
                    MailComposer.Request(
                        context: context(kind), ticketID: problem, recipient: person, inReplyTo: nil, references: [],
                        autoSubmitted: "auto-generated", kind: kind.rawValue, isBroadcast: true))
            }
        }
        let mails = try batch.finish()
        for mail in mails { try composer.record(mail, at: now, in: session) }
        try session.addBroadcastRecipients(people.map(\.email), ofTicket: problem)
        if let first = mails.first {
            // One copy on the problem stands for all.
            try session.addMessage(
                MessageRecord(
                    messageID: first.messageID, direction: .out, kind: .auto,
                    from: Person(name: first.from.name, email: first.from.email), subject: first.subject,
                    body: first.body, arrivedAt: now),
                toTicket: problem)
        }
        try session.addEvent(
            TicketEvent(
                .broadcast, actor: actor.name, role: actor.role, at: now, to: notice.rawValue,
                detail: "\(people.count) people" + (sms.isEmpty ? "" : ", \(sms.count) text messages")),
            toTicket: problem)
        return mails.count
    }
}
