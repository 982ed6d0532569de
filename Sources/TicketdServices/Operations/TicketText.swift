import Foundation
import TicketdCore
import TicketdMIME
import TicketdStore

/// Plain-text views of tickets for people at a terminal. Whatever came from mail is shown with
/// ESC, C1 and bidi controls escaped (`\u{1B}`), so a subject cannot recolour the screen,
/// move the cursor or reorder a line.
public enum TicketText {
    /// Quarantined mail with its reasons, two lines each.
    public static func quarantine(_ entries: [QuarantinedMail]) -> String {
        var lines: [String] = []
        for entry in entries {
            let state = entry.releasedTo.map { "released to #\($0)" } ?? (entry.retrying ? "retrying" : "held")
            lines.append(
                "#\(entry.id) [\(state)] uid \(entry.uid) from \(entry.sender.isEmpty ? "?" : entry.sender): \(entry.subject)"
            )
            lines.append("    reason: \(entry.reason)")
        }
        return ControlCharacters.escapedForTerminal(lines.joined(separator: "\n"))
    }

    /// One line per ticket: number, status, priority, assignee, requester, subject.
    public static func table(_ tickets: [Ticket]) -> String {
        guard !tickets.isEmpty else { return "no tickets" }
        var lines = [
            pad("#", 6) + pad("STATUS", 10) + pad("PRIORITY", 10) + pad("ASSIGNEE", 12) + pad("REQUESTER", 30)
                + "SUBJECT"
        ]
        for ticket in tickets {
            lines.append(
                pad("\(ticket.id)", 6) + pad(ticket.status.rawValue, 10) + pad(ticket.priority.rawValue, 10)
                    + pad(ticket.assignee ?? "-", 12) + pad(ticket.requester.email, 30) + ticket.subject)
        }
        return ControlCharacters.escapedForTerminal(lines.joined(separator: "\n"))
    }

    /// A ticket with its messages, events and clocks.
    /// Problems with their number of children.
    public static func problemTable(_ problems: [Ticket]) -> String {
        var lines = ["ID     CHILDREN  STATUS    PRIORITY  SUBJECT"]
        for problem in problems {
            lines.append(
                pad("#\(problem.id)", 7) + pad(String(problem.children.count), 10) + pad(problem.status.rawValue, 10)
                    + pad(problem.priority.rawValue, 10) + problem.subject)
        }
        return ControlCharacters.escapedForTerminal(lines.joined(separator: "\n"))
    }

    public static func detail(_ ticket: Ticket) -> String {
        var lines = [
            "Ticket #\(ticket.id): \(ticket.subject)",
            "Status: \(ticket.status.rawValue)   Priority: \(ticket.priority.rawValue)   Category: \(ticket.category ?? "-")",
            "Requester: \(ticket.requester.name.isEmpty ? ticket.requester.email : "\(ticket.requester.name) <\(ticket.requester.email)>")",
            "Assignee: \(ticket.assignee ?? "-")   Watchers: \(ticket.watchers.isEmpty ? "-" : ticket.watchers.joined(separator: ", "))",
            "Created: \(JSONOutput.rfc3339(ticket.createdAt))",
        ]
        if let parent = ticket.parent { lines.append("Parent: #\(parent)") }
        if !ticket.children.isEmpty {
            lines.append("Children: " + ticket.children.map { "#\($0)" }.joined(separator: ", "))
        }
        for clock in ticket.sla ?? [] {
            lines.append(
                "SLA \(clock.name): \(clock.state.rawValue), target \(clock.targetMinutes) min, due \(clock.dueAt.map(JSONOutput.rfc3339) ?? "-")"
            )
        }
        for message in ticket.messages ?? [] {
            lines.append("")
            let label =
                switch (message.direction, message.kind) {
                case (.in, .public): "mail from \(message.from)"
                case (.in, .internal): "internal note from \(message.from)"
                case (.in, .auto): "automatic mail from \(message.from) (relayed to nobody)"
                case (.out, .auto): "notice sent"
                case (.out, .public): "relayed copy sent to the requester side"
                case (.out, .internal): "relayed copy sent to analysts"
                }
            let flag = message.senderVerdict == .fail ? " (unverified sender)" : ""
            lines.append(
                "--- \(label)\(flag) at \(JSONOutput.rfc3339(message.createdAt)) [\(message.direction.rawValue), \(message.kind.rawValue)]"
            )
            lines.append(message.body)
            for attachment in message.attachments {
                lines.append(
                    "[attachment] \(attachment.filename) (\(attachment.contentType), \(attachment.size) bytes)")
            }
        }
        if let events = ticket.events, !events.isEmpty {
            lines.append("")
            lines.append("Events:")
            for event in events {
                let change =
                    switch (event.from, event.to) {
                    case (nil, nil): ""
                    case (let from?, nil): " \(from) -> -"
                    case (nil, let to?): " \(to)"
                    case (let from?, let to?): " \(from) -> \(to)"
                    }
                let detail = event.detail.isEmpty ? "" : ": \(event.detail)"
                lines.append(
                    "  \(JSONOutput.rfc3339(event.at)) \(event.type)\(change) by \(event.actor) (\(event.role.rawValue))\(detail)"
                )
            }
        }
        return ControlCharacters.escapedForTerminal(lines.joined(separator: "\n"))
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let clipped = text.count >= width ? String(text.prefix(width - 1)) : text
        return clipped.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
