/// A change someone asks of a ticket: an operator's `ticket set`, a requester's reply that
/// reopens it, and (next) analysts' mail commands, problem resolution and the dashboard. Fields
/// left nil are not touched.
public struct TicketChangeRequest: Sendable, Equatable {
    /// An interim step clock to open (`minutes`) or to close (nil).
    public struct Step: Sendable, Equatable {
        public var name: String
        public var minutes: Int?

        public init(name: String, minutes: Int?) {
            self.name = name
            self.minutes = minutes
        }
    }

    public var status: TicketStatus?
    public var priority: Priority?
    /// A category name; empty clears it.
    public var category: String?
    /// An analyst's name; empty unassigns.
    public var assignee: String?
    public var steps: [Step]
    /// Addresses to add to and remove from the watchers (`#cc`, `#uncc`).
    public var addWatchers: [String]
    public var removeWatchers: [String]
    /// The ticket this one becomes a child of (`#link N`).
    public var parent: Int64?
    /// The ticket this one is merged into (`#merge N`); it closes, and later mail to it threads there.
    public var mergeInto: Int64?
    /// Escalate up one tier, choosing the new assignee among these analysts (`#escalate`).
    public var escalation: Assignment?
    /// Why an escalation, for the next analyst (the words after `#escalate`).
    public var escalationNote: String = ""
    /// Whether a change to resolved tells the requester (a problem's children: once per person).
    public var tellRequester = true
    /// Open a problem with this title and make this ticket its child (`#problem`).
    public var openProblem: String?
    /// On a problem: the words incidents must contain to be linked (`#match`).
    public var matchWords: String?
    /// On a problem: groups to tell (`#broadcast`), with the text and a key that makes a replay a no-op.
    public var broadcasts: [Broadcast] = []
    /// Detach from the parent (`#unlink`).
    public var unlink = false
    /// A knowledge-base article to write from this change's mail (`#kb`): title (empty: the
    /// ticket's subject) and body.
    public var article: Article?

    /// A `#kb` article: its title (empty: the ticket's subject) and text.
    public struct Article: Sendable, Equatable {
        public var title: String
        public var body: String

        public init(title: String, body: String) {
            self.title = title
            self.body = body
        }
    }

    /// A `#broadcast`: the group (or `children`), the words, and the key it is recorded under.
    public struct Broadcast: Sendable, Equatable {
        public var group: String
        public var text: String
        public var key: String

        public init(group: String, text: String, key: String) {
            self.group = group
            self.text = text
            self.key = key
        }
    }

    /// What the requester's notice of this change says besides the template (why ticketd resolved it).
    public var noticeText: String = ""
    /// Why, for people reading the trail ("requester replied").
    public var reason: String
    /// The mail the request came in, if any.
    public var messageID: String?

    public init(
        status: TicketStatus? = nil, priority: Priority? = nil, category: String? = nil, assignee: String? = nil,
        steps: [Step] = [], addWatchers: [String] = [], removeWatchers: [String] = [], parent: Int64? = nil,
        mergeInto: Int64? = nil, reason: String = "", messageID: String? = nil
    ) {
        self.addWatchers = addWatchers
        self.removeWatchers = removeWatchers
        self.parent = parent
        self.mergeInto = mergeInto
        self.status = status
        self.priority = priority
        self.category = category
        self.assignee = assignee
        self.steps = steps
        self.reason = reason
        self.messageID = messageID
    }
}

/// Who asks for a change, and in what capacity.
public struct ChangeActor: Sendable, Equatable {
    public var name: String
    public var role: TicketEvent.Role

    public init(name: String, role: TicketEvent.Role) {
        self.name = name
        self.role = role
    }

    public static let system = ChangeActor(name: TicketEvent.system, role: .system)
}
