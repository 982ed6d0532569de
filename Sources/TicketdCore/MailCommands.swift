import TicketdMIME

/// One `#…` line of an analyst's mail (ARCHITECTURE "Mail rules").
public enum MailCommand: Sendable, Equatable {
    /// An analyst's name as written, or `me`.
    case assign(String)
    case take
    case priority(Priority)
    /// A category as written; matched against the configured ones by the planner's caller.
    case category(String)
    case status(TicketStatus)
    case resolve
    /// The whole mail is internal.
    case note
    case cc(String)
    case uncc(String)
    /// This ticket becomes a child of ticket N.
    case link(Int64)
    /// This ticket is merged into ticket N.
    case merge(Int64)
    /// An interim step clock: `minutes` to start it, nil (`done`) to finish it.
    case step(name: String, minutes: Int?)
    /// A new ticket on behalf of this address.
    case forRequester(String)
    /// Up one tier, with a note for the next analyst (may be empty).
    case escalate(String)
    /// Open a problem (global ticket) with this title (empty: this ticket's subject) and make
    /// this ticket its first child.
    case problem(String)
    /// On a problem: the words new incidents must contain to be linked to it.
    case match(String)
    /// On a problem: tell a user group (and the children's requesters) the text below.
    case broadcast(String)
    /// Detach this ticket from its parent (a wrong match).
    case unlink
    /// Make this reply's text a knowledge-base article (title: this, else the ticket's subject).
    case kb(String)
}

/// The command lines at the top of an analyst's mail, and the text below them.
public struct MailCommands: Sendable, Equatable {
    public var commands: [MailCommand]
    /// Where each command was written: its line number (1-based) and the line, parallel to `commands`.
    public var lines: [Line]
    /// The mail's text without its command lines (for `#note first words`, those words begin it).
    public var text: String

    public init(commands: [MailCommand], lines: [Line] = [], text: String) {
        self.commands = commands
        self.lines = lines
        self.text = text
    }

    /// A command line as written.
    public struct Line: Sendable, Equatable {
        public let number: Int
        public let text: String
    }

    /// `#note` makes the whole mail internal.
    public var isNote: Bool { commands.contains(.note) }

    /// The address of `#for`, if given.
    public var onBehalfOf: String? {
        for case .forRequester(let address) in commands { return address }
        return nil
    }

    /// A command line that cannot be carried out: its number (1-based, in the text read),
    /// the line as written, and why. Nothing of the mail is applied.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let lineNumber: Int
        public let line: String
        public let reason: String

        public init(lineNumber: Int, line: String, reason: String) {
            self.lineNumber = lineNumber
            self.line = line
            self.reason = reason
        }

        public var description: String { "line \(lineNumber) \"\(line)\": \(reason)" }
    }

    /// The commands this build carries out, for help texts.
    public static let supported = [
        "#assign NAME", "#assign me", "#take", "#priority P", "#category C", "#status S", "#resolve", "#note",
        "#cc ADDR", "#uncc ADDR", "#link N", "#merge N", "#step NAME DURATION|done", "#for ADDR", "#escalate [NOTE]",
        "#problem [TITLE]", "#match WORDS", "#broadcast GROUP", "#unlink", "#kb [TITLE]",
    ]

    /// Reads the command block: the `#…` lines at the top of `text` (blank lines before and
    /// between them allowed), ending at the first other line. A mail without one has no
    /// commands and keeps its text.
    public static func parse(_ text: String) -> Result<MailCommands, Failure> {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            String($0).replacingOccurrences(of: "\u{00A0}", with: " ")
        }
        var commands: [MailCommand] = []
        var commandLines: [Line] = []
        var noteWords: String?
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                index += 1
                continue
            }
            guard line.hasPrefix("#") else { break }
            switch command(line) {
            case .failure(let refused):
                return .failure(Failure(lineNumber: index + 1, line: line, reason: refused.reason))
            case .success(let (command, rest)):
                if command == .note, noteWords == nil, !rest.isEmpty { noteWords = rest }
                commands.append(command)
                commandLines.append(Line(number: index + 1, text: line))
            }
            index += 1
        }
        if commands.isEmpty { return .success(MailCommands(commands: [], text: text)) }
        var remaining = Array(lines[index...])
        if let noteWords { remaining.insert(noteWords, at: 0) }
        let body = remaining.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return .success(MailCommands(commands: commands, lines: commandLines, text: body))
    }

    /// Why a line was refused.
    private struct Refused: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// One line: the command and, for `#note`, the words after it.
    private static func command(_ line: String) -> Result<(MailCommand, String), Refused> {
        do throws(Refused) {
            return .success(try readCommand(line))
        } catch {
            return .failure(error)
        }
    }

    private static func readCommand(_ line: String) throws(Refused) -> (MailCommand, String) {
        let words = line.dropFirst().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let name = words.first?.lowercased() else { throw Refused("a command name must follow \"#\"") }
        let arguments = Array(words.dropFirst())
        let rest = arguments.joined(separator: " ")
        func one(_ what: String) throws(Refused) -> String {
            guard arguments.count == 1 else { throw Refused("#\(name) takes \(what)") }
            return arguments[0]
        }
        func none(_ command: MailCommand) throws(Refused) -> (MailCommand, String) {
            guard arguments.isEmpty else { throw Refused("#\(name) takes no argument") }
            return (command, "")
        }
        func address() throws(Refused) -> String {
            let parsed = AddressList.parse(rest)
            guard parsed.count == 1, let first = parsed.first, first.email.contains("@") else {
                throw Refused(rest.isEmpty ? "#\(name) takes one mail address" : "\"\(rest)\" is not a mail address")
            }
            return first.email
        }
        func ticketNumber() throws(Refused) -> Int64 {
            let text = try one("a ticket number")
            let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
            guard let number = Int64(digits), number > 0 else { throw Refused("\"\(text)\" is not a ticket number") }
            return number
        }
        switch name {
        case "assign": return (.assign(try one("an analyst's name or \"me\"")), "")
        case "take": return try none(.take)
        case "priority":
            let known = Priority.allCases.map(\.rawValue).joined(separator: ", ")
            let text = try one("one of \(known)")
            guard let priority = Priority(rawValue: text.lowercased()) else {
                throw Refused("unknown priority \"\(text)\" (known: \(known))")
            }
            return (.priority(priority), "")
        case "category":
            guard !rest.isEmpty else { throw Refused("#category takes a category name") }
            return (.category(rest), "")
        case "status":
            let settable: [TicketStatus] = [.open, .pending, .resolved, .closed]
            let known = settable.map(\.rawValue).joined(separator: ", ")
            let text = try one("one of \(known)")
            guard let status = TicketStatus(rawValue: text.lowercased()), settable.contains(status) else {
                throw Refused("unknown status \"\(text)\" (known: \(known))")
            }
            return (.status(status), "")
        case "resolve": return try none(.resolve)
        case "escalate": return (.escalate(rest), "")
        case "problem": return (.problem(rest), "")
        case "match":
            guard !rest.isEmpty else { throw Refused("#match takes the words new incidents must contain") }
            return (.match(rest), "")
        case "broadcast": return (.broadcast(try one("a group's name (or \"children\")")), "")
        case "unlink": return try none(.unlink)
        case "kb": return (.kb(rest), "")
        case "note": return (.note, rest)
        case "cc": return (.cc(try address()), "")
        case "uncc": return (.uncc(try address()), "")
        case "for": return (.forRequester(try address()), "")
        case "link": return (.link(try ticketNumber()), "")
        case "merge": return (.merge(try ticketNumber()), "")
        case "step":
            guard arguments.count == 2 else { throw Refused("#step takes a name and a duration (4h) or \"done\"") }
            if arguments[1].lowercased() == "done" { return (.step(name: arguments[0], minutes: nil), "") }
            guard let span = TimeSpan(arguments[1]), span.minutes > 0 else {
                throw Refused("\"\(arguments[1])\" is not a duration (90m, 4h, 2d) or \"done\"")
            }
            return (.step(name: arguments[0], minutes: span.minutes), "")
        default:
            throw Refused("unknown command #\(name) (known: \(supported.joined(separator: ", ")))")
        }
    }
}
