import Foundation

/// Parses RFC 5322 address lists: display names (quoted, encoded), angle addresses, comments
/// (nested), groups (`undisclosed-recipients:;`), and the bare addresses old mailers write.
public enum AddressList {
    /// Every mailbox named in `raw` (a header value, still encoded), up to `maxMailboxes`.
    /// Entries without an `@` are dropped; groups contribute their members.
    public static func parse(_ raw: String) -> [MailAddress] {
        var result: [MailAddress] = []
        for entry in splitEntries(raw) {
            if let address = parseMailbox(entry) { result.append(address) }
            if result.count == maxMailboxes { break }
        }
        return result
    }

    /// The most mailboxes read from one list: a header naming more is a mass mailing or an
    /// attack, and each mailbox read becomes a watcher. The header itself is kept whole in the
    /// stored mail.
    public static let maxMailboxes = 1000

    /// Splits on commas outside quotes, comments and angle brackets; group syntax
    /// `name: a, b;` is flattened to its members.
    private static func splitEntries(_ raw: String) -> [String.UnicodeScalarView] {
        var entries: [String.UnicodeScalarView] = []
        var current = String.UnicodeScalarView()
        var inQuotes = false
        var commentDepth = 0
        var inAngle = false
        var escaped = false
        for character in raw.unicodeScalars {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuotes || commentDepth > 0:
                current.append(character)
                escaped = true
            case "\"" where commentDepth == 0:
                inQuotes.toggle()
                current.append(character)
            case "(" where !inQuotes:
                commentDepth += 1
                current.append(character)
            case ")" where !inQuotes && commentDepth > 0:
                commentDepth -= 1
                current.append(character)
            case "<" where !inQuotes && commentDepth == 0:
                inAngle = true
                current.append(character)
            case ">" where !inQuotes && commentDepth == 0:
                inAngle = false
                current.append(character)
            case ":" where !inQuotes && commentDepth == 0 && !inAngle:
                current = String.UnicodeScalarView()  // a group's display name; its members follow
            case ";" where !inQuotes && commentDepth == 0 && !inAngle,
                "," where !inQuotes && commentDepth == 0 && !inAngle:
                entries.append(current)
                current = String.UnicodeScalarView()
                // Entries past twice the cap are never read (some may lack an address).
                if entries.count > 2 * maxMailboxes {
                    return entries.filter { $0.contains { $0 != " " && $0 != "\t" } }
                }
            default:
                current.append(character)
            }
        }
        entries.append(current)
        return entries.filter { $0.contains { $0 != " " && $0 != "\t" } }
    }

    private static func parseMailbox(_ entry: String.UnicodeScalarView) -> MailAddress? {
        var displayNameScalars = String.UnicodeScalarView()
        var addressScalars = String.UnicodeScalarView()
        var commentScalars = String.UnicodeScalarView()
        var inQuotes = false
        var commentDepth = 0
        var inAngle = false
        var sawAngle = false
        var escaped = false
        for character in entry {
            if escaped {
                if commentDepth > 0 {
                    commentScalars.append(character)
                } else {
                    displayNameScalars.append(character)
                }
                escaped = false
                continue
            }
            if commentDepth > 0 {
                if character == "(" { commentDepth += 1 }
                if character == ")" { commentDepth -= 1 }
                if character == "\\" { escaped = true }
                if commentDepth > 0 && character != "\\" && !(character == "(" && commentDepth == 1) {
                    commentScalars.append(character)
                }
                continue
            }
            switch character {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle()
            case "(" where !inQuotes: commentDepth = 1
            case "<" where !inQuotes:
                inAngle = true
                sawAngle = true
            case ">" where !inQuotes: inAngle = false
            default:
                if inAngle { addressScalars.append(character) } else { displayNameScalars.append(character) }
            }
        }
        var displayName = String(displayNameScalars)
        var address = String(addressScalars)
        let comment = String(commentScalars)
        if !sawAngle {
            // A bare addr-spec, possibly with a trailing comment as the name.
            address = displayName
            displayName = comment
        }
        if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {
            address = String(address[address.index(after: colon)...])  // obsolete source route
        }
        address = address.trimmingCharacters(in: .whitespaces)
        guard address.contains("@"), !address.hasPrefix("@"), !address.hasSuffix("@") else { return nil }
        let decodedName = EncodedWord.decodeKeepingControls(displayName.trimmingCharacters(in: .whitespaces))
        let candidate = MailAddress(
            name: MailAddress.displayableName(decodedName, of: address).trimmingCharacters(in: .whitespaces),
            email: address)
        // Whatever hides in an address, only a plain addr-spec goes on.
        guard candidate.email.allSatisfy({ !$0.isWhitespace && $0 != "<" && $0 != ">" && $0 != "," }) else {
            return nil
        }
        return candidate
    }
}
