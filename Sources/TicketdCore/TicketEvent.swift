import Foundation

/// One entry of a ticket's audit trail, typed so that reports compute from it without parsing
/// text (ARCHITECTURE "JSON shapes": `{type, actor, role, at, from, to, detail}`). `from` and `to`
/// are the old and new value of a change (a status, a priority, an assignee, a category); `detail`
/// is for people only, and a purge blanks it while kinds, values, roles and times stay.
public struct TicketEvent: Sendable, Equatable, Codable {
    /// What happened. The raw values are what the store and the JSON hold.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case created
        case messageIn = "message_in"
        case messageOut = "message_out"
        case status, priority, category, assignment, escalation, link, watcher, note, merge, broadcast
        case acknowledgementSuppressed = "acknowledgement_suppressed"
        case bounce
        case deliveryFailed = "delivery_failed"
        case analystUnproven = "analyst_unproven"
        /// A mail whose sender verdict failed: kept, flagged, and allowed to do nothing more
        /// (`detail` says what it would have done).
        case senderUnverified = "sender_unverified"
        /// `critical_when`/`high_when` or a VIP group would have raised a new ticket's priority,
        /// but its sender is neither verified nor in the organisation; `detail` says what.
        case priorityWithheld = "priority_withheld"
        /// An analyst's mail whose commands were refused: nothing of it was applied or relayed.
        case commandRefused = "command_refused"
        /// The ticket moved up a tier (`#escalate`, `ticket set --escalate`); `from`/`to` are the tiers.
        case tierEscalation = "tier_escalation"
        /// The on-duty analysts were told of a possible outage; `to` lists the tickets (storm detection).
        case possibleOutage = "possible_outage"
        /// The requester rated the resolution; `to` is the rating 1–5, `detail` their comment.
        case satisfaction
        /// The requester said "solved" (a knowledge-base article fixed it): resolved as self-service.
        case selfService = "self_service"
        /// The requester of a pending ticket was reminded (once).
        case pendingReminder = "pending_reminder"
        case messageIDReused = "message_id_reused"
        case slaStarted = "sla_started"
        case slaMet = "sla_met"
        case slaPaused = "sla_paused"
        case slaResumed = "sla_resumed"
        case slaWarned = "sla_warning"
        case slaBreached = "sla_breach"
        case slaRetargeted = "sla_retargeted"
        case slaRemoved = "sla_removed"
        case stepStarted = "step_started"
        case stepDone = "step_done"
    }

    /// In what capacity the actor acted.
    public enum Role: String, Sendable, Codable, CaseIterable {
        case requester, watcher, analyst, `operator`, system
    }

    public var kind: Kind
    /// An address, an analyst's or operator's name, or `ticketd`.
    public var actor: String
    public var role: Role
    public var at: Date
    public var from: String?
    public var to: String?
    /// For people only; reports and decisions read the typed fields.
    public var detail: String
    /// The mail the event came from, if any.
    public var messageID: String?
    /// The SLA clock an `sla_*` or step event is about (`first_response`, `resolution`,
    /// `step:NAME`), typed: reports read it, never `detail`.
    public var clock: String?

    public init(
        _ kind: Kind, actor: String = Self.system, role: Role = .system, at: Date, from: String? = nil,
        to: String? = nil, detail: String = "", messageID: String? = nil, clock: String? = nil
    ) {
        self.clock = clock
        self.kind = kind
        self.actor = actor
        self.role = role
        self.at = at
        self.from = from
        self.to = to
        self.detail = detail
        self.messageID = messageID
    }

    /// What an analyst's mail became, in the `to` of its `message_in` event (typed: the report
    /// counts public replies from it).
    public enum AnalystMail: String, Sendable {
        case publicReply = "public"
        case internalNote = "internal"
        case commandsOnly = "commands"
    }

    /// The actor name of ticketd itself.
    public static let system = "ticketd"

    /// The event's type as text (the JSON `type`).
    public var type: String { kind.rawValue }

    enum CodingKeys: String, CodingKey {
        case kind = "type"
        case actor, role, at, from, to, detail, clock
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(actor, forKey: .actor)
        try container.encode(role, forKey: .role)
        try container.encode(at, forKey: .at)
        try container.encode(from, forKey: .from)  // null, not absent
        try container.encode(to, forKey: .to)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(clock, forKey: .clock)
    }
}
