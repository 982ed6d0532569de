import Foundation

/// What a requester's reply says beyond its text, purely: a satisfaction rating (a reply to a
/// resolved ticket whose first word is 1 to 5), or "solved" on the first line (the ticket is
/// resolved as self-service). Anything else is a reply.
public enum RequesterReply: Sendable, Equatable {
    case rating(Int, comment: String)
    case solved
    case reply

    /// Reads `text` (the new text, quotes trimmed) of a reply to a ticket in `status`.
    public static func read(_ text: String, ticketStatus status: TicketStatus) -> RequesterReply {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let firstLine = trimmed.prefix { $0 != "\n" && $0 != "\r" }
        let firstWord = firstLine.prefix { !$0.isWhitespace }
        let word = firstWord.lowercased()
        let core = word.trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.symbols))
        if status == .resolved, let digit = core.first, let value = Int(String(digit)), (1...5).contains(value),
            core.count == 1 || core == "\(value)/5", !word.hasSuffix(")")
        {
            // "4", "5!", "4/5" rate; "4.5", "10" and a list's "1)" do not.
            let comment = trimmed.dropFirst(firstWord.count).trimmingCharacters(in: .whitespacesAndNewlines)
            return .rating(value, comment: String(comment.prefix(2000)))
        }
        if status.isActive, core == "solved" { return .solved }
        return .reply
    }
}
