import Foundation

/// Decides what a requested change does to a ticket, purely (STYLE "Decisions and effects"):
/// from a snapshot of the ticket, the request and who asks, it returns the effects in order or a
/// refusal naming the reason. Nothing here touches the store; `TicketApplier` does that.
///
/// ```swift
/// let plan = TicketPlanner(analysts: ["carol", "marsha"], categories: ["Break/Fix"])
///     .plan(TicketChangeRequest(status: .open, reason: "requester replied"), for: snapshot,
///           by: ChangeActor(name: "keisha@clinic.example", role: .requester), at: now)
/// // .success([.setStatus(.open), .record(status pending -> open), .clocksFollowStatus(.pending, .open)])
/// ```
public struct TicketPlanner: Sendable {
    /// What the planner needs to know of a ticket.
    public struct Snapshot: Sendable, Equatable {
        public var id: Int64
        public var status: TicketStatus
        public var priority: Priority
        public var category: String?
        public var assignee: String?
        /// Names of the ticket's open step clocks (without `step:`).
        public var steps: Set<String>
        public var watchers: Set<String>
        public var parent: Int64?
        /// Whether an analyst linked it to `parent` (false: linked because its mail matched).
        public var parentConfirmed: Bool
        public var requester: String
        public var skill: String?
        public var tier: Int
        public var isProblem: Bool

        public init(
            id: Int64, status: TicketStatus, priority: Priority, category: String?, assignee: String?,
            steps: Set<String> = [], watchers: Set<String> = [], parent: Int64? = nil, parentConfirmed: Bool = true,
            requester: String = "", skill: String? = nil, tier: Int = 1, isProblem: Bool = false
        ) {
            self.parentConfirmed = parentConfirmed
            self.isProblem = isProblem
            self.skill = skill
            self.tier = tier
            self.watchers = watchers
            self.parent = parent
            self.requester = requester
            self.id = id
            self.status = status
            self.priority = priority
            self.category = category
            self.assignee = assignee
            self.steps = steps
        }
    }

    /// Why a change cannot be made; nothing of it is applied.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String

        public init(_ message: String) {
            self.message = message
        }

        public var description: String { message }
    }

    /// Configured analyst names; an assignee must be one of them.
    public let analysts: [String]
    /// Configured categories; empty allows any.
    public let categories: [String]

    public init(analysts: [String], categories: [String]) {
        self.analysts = analysts
        self.categories = categories
    }

    /// The snapshot as it will be after `effects` (to plan the next command of one mail).
    public static func snapshot(_ ticket: Snapshot, after effects: [TicketEffect]) -> Snapshot {
        var result = ticket
        for effect in effects {
            switch effect {
            case .setStatus(let status): result.status = status
            case .setPriority(let priority): result.priority = priority
            case .setCategory(let category): result.category = category
            case .setAssignee(let assignee): result.assignee = assignee
            case .startStep(let name, _): result.steps.insert(name)
            case .finishStep(let name): result.steps.remove(name)
            case .addWatcher(let email): result.watchers.insert(email)
            case .removeWatcher(let email): result.watchers.remove(email)
            case .setParent(let parent):
                result.parent = parent
                result.parentConfirmed = true
            case .setTier(let tier): result.tier = tier
            case .unlink: result.parent = nil
            case .record, .clocksFollowStatus, .clocksFollowPriority, .mergeInto, .tellRequesterResolved, .tellAssignee,
                .tellUnassigned, .openProblem, .setMatchWords, .broadcast, .addArticle:
                break
            }
        }
        return result
    }

    public func plan(
        _ request: TicketChangeRequest, for ticket: Snapshot, by actor: ChangeActor, at now: Date
    ) -> Result<[TicketEffect], Refusal> {
        var effects: [TicketEffect] = []
        func event(_ kind: TicketEvent.Kind, from: String?, to: String?) -> TicketEffect {
            .record(
                TicketEvent(
                    kind, actor: actor.name, role: actor.role, at: now, from: from, to: to, detail: request.reason,
                    messageID: request.messageID))
        }
        if let assignee = request.assignee, !assignee.isEmpty, !analysts.contains(assignee) {
            let names = analysts.isEmpty ? "none" : analysts.joined(separator: ", ")
            return .failure(Refusal("unknown analyst \"\(assignee)\" (configured: \(names))"))
        }
        if let category = request.category, !category.isEmpty, !categories.isEmpty, !categories.contains(category) {
            return .failure(
                Refusal("unknown category \"\(category)\" (configured: \(categories.joined(separator: ", ")))"))
        }
        for step in request.steps where step.minutes == nil && !ticket.steps.contains(step.name) {
            return .failure(Refusal("ticket #\(ticket.id) has no step \"\(step.name)\""))
        }
        if let parent = request.parent, parent == ticket.id {
            return .failure(Refusal("ticket #\(ticket.id) cannot be its own parent"))
        }
        if request.matchWords != nil || !request.broadcasts.isEmpty, !ticket.isProblem {
            return .failure(
                Refusal("ticket #\(ticket.id) is not a problem (#match and #broadcast belong in a problem's thread)"))
        }
        if request.openProblem != nil, ticket.isProblem {
            return .failure(Refusal("ticket #\(ticket.id) is a problem already"))
        }
        if request.unlink, ticket.parent == nil {
            return .failure(Refusal("ticket #\(ticket.id) has no parent to unlink from"))
        }
        if let target = request.mergeInto, target == ticket.id {
            return .failure(Refusal("ticket #\(ticket.id) cannot be merged into itself"))
        }
        if request.mergeInto != nil, !ticket.status.isActive {
            return .failure(Refusal("ticket #\(ticket.id) is \(ticket.status.rawValue) and cannot be merged"))
        }
        if let priority = request.priority, priority != ticket.priority {
            effects += [
                .setPriority(priority), event(.priority, from: ticket.priority.rawValue, to: priority.rawValue),
                .clocksFollowPriority(priority),
            ]
        }
        // An escalation moves the ticket up a tier and chooses its new assignee there.
        var wantedAssignee = request.assignee
        var assignmentReason = request.reason
        var escalationEffects: [TicketEffect] = []
        if let pool = request.escalation {
            guard let (tier, decision) = pool.escalate(skill: ticket.skill, from: ticket.tier) else {
                return .failure(
                    Refusal("ticket #\(ticket.id) is at the highest tier (\(ticket.tier)); nobody is above it"))
            }
            let note = request.escalationNote.isEmpty ? "" : " (\(request.escalationNote))"
            escalationEffects = [
                .setTier(tier),
                .record(
                    TicketEvent(
                        .tierEscalation, actor: actor.name, role: actor.role, at: now, from: String(ticket.tier),
                        to: String(tier), detail: "escalated to tier \(tier)\(note)", messageID: request.messageID)),
            ]
            switch decision {
            case .assign(let name, let why):
                wantedAssignee = name
                assignmentReason = "escalated to tier \(tier)\(note): \(why)"
            case .unassigned(let why, let notify):
                wantedAssignee = ""
                assignmentReason = "escalated to tier \(tier)\(note): \(why)"
                escalationEffects.append(.tellUnassigned(reason: "escalated\(note): \(why)", notify: notify))
            }
        }
        var status = request.status
        if request.mergeInto != nil { status = .closed }
        // An assignment opens a new ticket.
        if status == nil, ticket.status == .new, let assignee = wantedAssignee, !assignee.isEmpty { status = .open }
        if let status, status != ticket.status {
            effects += [
                .setStatus(status), event(.status, from: ticket.status.rawValue, to: status.rawValue),
                .clocksFollowStatus(from: ticket.status, to: status),
            ]
            if status == .resolved, request.tellRequester { effects.append(.tellRequesterResolved(request.noticeText)) }
        }
        effects += escalationEffects
        if let requested = wantedAssignee {
            let assignee = requested.isEmpty ? nil : requested
            if assignee != ticket.assignee {
                effects += [
                    .setAssignee(assignee),
                    .record(
                        TicketEvent(
                            .assignment, actor: actor.name, role: actor.role, at: now, from: ticket.assignee,
                            to: assignee,
                            detail: assignmentReason, messageID: request.messageID)),
                ]
                if let assignee, assignee != actor.name { effects.append(.tellAssignee(assignee)) }
            }
        }
        if let requested = request.category {
            let category = requested.isEmpty ? nil : requested
            if category != ticket.category {
                effects += [.setCategory(category), event(.category, from: ticket.category, to: category)]
            }
        }
        for step in request.steps {
            if let minutes = step.minutes {
                effects.append(.startStep(name: step.name, minutes: minutes))
            } else {
                effects.append(.finishStep(name: step.name))
            }
        }
        for email in request.addWatchers where !ticket.watchers.contains(email) && email != ticket.requester {
            effects += [.addWatcher(email), event(.watcher, from: nil, to: email)]
        }
        for email in request.removeWatchers where ticket.watchers.contains(email) {
            effects += [.removeWatcher(email), event(.watcher, from: email, to: nil)]
        }
        if let parent = request.parent, parent != ticket.parent || !ticket.parentConfirmed {
            // `#link N` on a child linked to N automatically confirms it.
            effects += [.setParent(parent), event(.link, from: ticket.parent.map { String($0) }, to: String(parent))]
        }
        if let target = request.mergeInto {
            effects += [.mergeInto(target), event(.merge, from: String(ticket.id), to: String(target))]
        }
        if request.unlink, let parent = ticket.parent {
            effects += [.unlink, event(.link, from: String(parent), to: nil)]
        }
        if let title = request.openProblem { effects.append(.openProblem(title: title)) }
        if let words = request.matchWords { effects.append(.setMatchWords(words)) }
        for broadcast in request.broadcasts { effects.append(.broadcast(broadcast)) }
        if let article = request.article { effects.append(.addArticle(title: article.title, body: article.body)) }
        return .success(effects)
    }
}
