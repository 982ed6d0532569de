import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Outage mail to many people: exactly the audience named (groups, `children` for the problem's
/// children's requesters), one separate mail per person (nobody sees the others), each person
/// once across overlapping groups, the audience recorded with the text; all queued in
/// the caller's transaction behind mail to people about their own tickets (outbox priority),
/// with `Auto-Submitted: auto-generated`, `Precedence: bulk` and `X-Auto-Response-Suppress: All`.
/// A broadcast is recorded under a key; the same key again sends nothing (a replayed command).
struct Broadcaster: Sendable {
    let composer: MailComposer

    var configuration: TicketdConfiguration { composer.configuration }

    /// Who a broadcast about `problem` to `audience` reaches: exactly the groups named, and for
    /// `children` the requesters of the problem's children; each once, never our own addresses.
    func audience(problem: Int64, _ audience: [String], in session: StoreSession) throws -> [MailAddress] {
        var seen = Set<String>()
        var people: [MailAddress] = []
        var addresses = audience.flatMap { configuration.groups[$0] ?? [] }
        if audience.contains(Self.children) { addresses += try session.childRequesters(of: problem) }
        for address in addresses where !configuration.ownAddresses.contains(address.lowercased()) {
            if seen.insert(CanonicalAddress.key(address)).inserted { people.append(MailAddress(email: address)) }
        }
        return people
    }

    /// The audience word for the problem's children's requesters.
    static let children = "children"

    /// Sends `notice` about `problem` to `people` (and, for an outage, the groups' SMS addresses
    /// the short text); returns how many mails were queued, 0 for a replay of `key`.
    @discardableResult
    func send(
        _ notice: BroadcastContext.Notice, problem: Int64, audience: [String], to people: [MailAddress],
        smsGroups: [String] = [], text: String, isPublic: Bool = false, key: String, by actor: ChangeActor,
        at now: Date, in session: StoreSession
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
                key: key, ticketID: problem, template: notice.rawValue, text: text, audience: audience,
                isPublic: isPublic || audience.contains(Self.children), recipients: people.count + sms.count, at: now)
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
