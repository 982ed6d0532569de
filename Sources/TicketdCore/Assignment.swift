import Foundation

/// Who gets a ticket (ARCHITECTURE "analysts"), purely: the rule's skill and tier select the
/// candidates; off-duty analysts and those at `max_open` drop out; the analyst who handled this
/// requester's last ticket of the same category within 90 days is preferred (familiarity), then
/// the lowest open load, then the name. Nobody left: unassigned, and the on-duty analysts of the
/// tier (else of any tier) are told. Every answer says why.
public struct Assignment: Sendable, Equatable {
    /// An analyst as assignment sees them at one moment.
    public struct Candidate: Sendable, Equatable {
        public var name: String
        public var tier: Int
        public var skills: [String]
        public var onDuty: Bool
        public var maxOpen: Int?
        /// Open tickets assigned now (new, open, pending).
        public var open: Int

        public init(name: String, tier: Int, skills: [String], onDuty: Bool, maxOpen: Int?, open: Int) {
            self.name = name
            self.tier = tier
            self.skills = skills
            self.onDuty = onDuty
            self.maxOpen = maxOpen
            self.open = open
        }

        var hasRoom: Bool { maxOpen.map { open < $0 } ?? true }
    }

    /// The analyst who handled the requester's last ticket of the same category within 90 days.
    public struct Familiar: Sendable, Equatable {
        public var analyst: String
        public var ticketID: Int64

        public init(analyst: String, ticketID: Int64) {
            self.analyst = analyst
            self.ticketID = ticketID
        }
    }

    public enum Decision: Sendable, Equatable {
        case assign(String, reason: String)
        /// Nobody can take it; `notify` are the on-duty analysts to tell.
        case unassigned(reason: String, notify: [String])
    }

    /// How far back familiarity reaches.
    public static let familiarityWindow: TimeInterval = 90 * 86_400

    public let candidates: [Candidate]

    public init(candidates: [Candidate]) {
        self.candidates = candidates
    }

    /// The choice for a ticket needing `skill` (nil: any) at `tier`.
    public func choose(skill: String?, tier: Int, familiar: Familiar? = nil) -> Decision {
        let skillText = skill.map { "skill \($0), " } ?? ""
        let wanted = "\(skillText)tier \(tier)"
        let matching = candidates.filter { $0.tier == tier && (skill.map($0.skills.contains) ?? true) }
        let available = matching.filter { $0.onDuty && $0.hasRoom }
        if available.isEmpty {
            let why =
                matching.isEmpty
                ? "nobody has \(wanted)"
                : "\(matching.map(\.name).sorted().joined(separator: ", ")) off duty or at max_open"
            return .unassigned(reason: "\(wanted): \(why)", notify: notifyWhenUnassigned(tier: tier))
        }
        if let familiar, available.contains(where: { $0.name == familiar.analyst }) {
            return .assign(familiar.analyst, reason: "\(wanted), familiar from #\(familiar.ticketID)")
        }
        let chosen = available.min { ($0.open, $0.name) < ($1.open, $1.name) }!
        let load = available.count > 1 ? ", lowest load (\(chosen.open) open)" : ", the only one available"
        return .assign(chosen.name, reason: "\(wanted)\(load)")
    }

    /// The next tier up with someone on duty and room: the same skill where someone has it,
    /// else anyone of that tier. nil when there is no higher tier at all.
    public func escalate(skill: String?, from tier: Int, familiar: Familiar? = nil) -> (tier: Int, decision: Decision)?
    {
        let higher = Set(candidates.map(\.tier).filter { $0 > tier }).sorted()
        guard let next = higher.first else { return nil }
        if let skill, candidates.contains(where: { $0.tier == next && $0.skills.contains(skill) }) {
            return (next, choose(skill: skill, tier: next))
        }
        return (next, choose(skill: nil, tier: next))
    }

    /// The on-duty analysts of `tier`, else of any tier.
    public func notifyWhenUnassigned(tier: Int) -> [String] {
        let ofTier = candidates.filter { $0.tier == tier && $0.onDuty }.map(\.name).sorted()
        return ofTier.isEmpty ? candidates.filter(\.onDuty).map(\.name).sorted() : ofTier
    }
}
