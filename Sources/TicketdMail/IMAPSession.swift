import CCurl
import Foundation

/// An IMAP connection over libcurl to one mailbox (the path of the configured URL).
///
/// Facts it is built around (libcurl 7.88, Dovecot 2.3): messages are fetched with the URL form
/// `INBOX;UIDVALIDITY=V/;UID=N`, byte-exact at any size (a custom `UID FETCH BODY[]` would pass
/// the literal through libcurl's capped header path and can be desynchronised by a body line that
/// looks like a tag). Custom commands return their untagged lines as the body. UIDVALIDITY comes
/// from `STATUS`. Every call blocks: run it on a dedicated thread.
public final class IMAPSession {
    /// A message waiting in the mailbox: its UID and when the server received it (INTERNALDATE).
    public struct MessageInfo: Sendable, Equatable {
        public var uid: UInt32
        public var internalDate: Date?
        public var size: Int?
    }

    public let endpoint: MailServerEndpoint
    /// The mailbox read from (the URL's path, `INBOX` when empty).
    public let mailbox: String
    private let curl: CurlEasy

    public init(endpoint: MailServerEndpoint) throws(MailError) {
        self.endpoint = endpoint
        self.mailbox = endpoint.path.isEmpty ? "INBOX" : (endpoint.path.removingPercentEncoding ?? endpoint.path)
        curl = try CurlEasy()
        curl.configure(for: endpoint)
    }

    /// The mailbox's UIDVALIDITY, from `STATUS` (never a custom SELECT, which would make
    /// libcurl's cached selection lie).
    public func uidValidity() throws(MailError) -> UInt32 {
        let response = try command("STATUS \(quoted(mailbox)) (UIDVALIDITY UIDNEXT MESSAGES)", selecting: false)
        guard let value = Self.number(after: "UIDVALIDITY", in: response).flatMap(UInt32.init(exactly:)) else {
            throw MailError(.protocolError, "the server's STATUS reply for \(mailbox) carries no UIDVALIDITY")
        }
        return value
    }

    /// Messages with a UID above `uid`, in UID order, with their arrival times.
    ///
    /// `UID FETCH n+1:*` answers with the highest message even when it is not above n (RFC 3501's
    /// `*` rule), so the answer is filtered. One short untagged line per message never reaches
    /// libcurl's line limit, however large the mailbox.
    public func messages(after uid: UInt32) throws(MailError) -> [MessageInfo] {
        let response = try command("UID FETCH \(uid + 1):* (UID INTERNALDATE RFC822.SIZE)", selecting: true)
        var result: [MessageInfo] = []
        for line in response.split(whereSeparator: \.isNewline) where line.hasPrefix("* ") && line.contains("FETCH") {
            guard let found = Self.number(after: "UID", in: String(line)).flatMap(UInt32.init(exactly:)), found > uid
            else { continue }
            let date = Self.quotedValue(after: "INTERNALDATE", in: String(line)).flatMap(Self.parseInternalDate)
            let size = Self.number(after: "RFC822.SIZE", in: String(line))
            result.append(MessageInfo(uid: found, internalDate: date, size: size))
        }
        return result.sorted { $0.uid < $1.uid }
    }

    /// The raw bytes of one message, exactly as stored.
    public func fetch(uid: UInt32, uidValidity: UInt32) throws(MailError) -> [UInt8] {
        let url = endpoint.url(path: "\(encodedMailbox);UIDVALIDITY=\(uidValidity)/;UID=\(uid)")
        curl.set(TICKETD_OPT_CUSTOMREQUEST, nil)
        let (code, response) = curl.perform(url: url)
        if code != 0 { throw error(for: code, doing: "fetching UID \(uid)") }
        return response.body
    }

    /// Moves messages to `folder` with one `UID MOVE` for the whole set.
    public func move(uids: [UInt32], to folder: String) throws(MailError) {
        guard !uids.isEmpty else { return }
        for set in Self.uidSets(uids) {
            _ = try command("UID MOVE \(set) \(quoted(folder))", selecting: true)
        }
    }

    /// Runs a custom command; with `selecting`, against the URL's mailbox (libcurl SELECTs it).
    private func command(_ text: String, selecting: Bool) throws(MailError) -> String {
        curl.set(TICKETD_OPT_CUSTOMREQUEST, text)
        defer { curl.set(TICKETD_OPT_CUSTOMREQUEST, nil) }
        let (code, response) = curl.perform(url: endpoint.url(path: selecting ? encodedMailbox : ""))
        if code != 0 { throw error(for: code, doing: text.split(separator: " ").prefix(2).joined(separator: " ")) }
        return String(decoding: response.body, as: UTF8.self)
    }

    private var encodedMailbox: String {
        mailbox.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: ";/?"))) ?? mailbox
    }

    private func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Maps libcurl's codes to what an operator should be told.
    private func error(for code: Int, doing action: String) -> MailError {
        let detail = curl.errorText(for: code)
        let server = "\(endpoint.host)\(endpoint.port.map { ":\($0)" } ?? "")"
        switch code {
        case 6, 7, 28:
            return MailError(
                .unreachable, "IMAP server \(server) unreachable while \(action): \(detail)", curlCode: code)
        case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 83, 90, 91:
            return MailError(.tls, "TLS with IMAP server \(server) failed: \(detail)", curlCode: code)
        case 67 where detail.lowercased().contains("select"):
            return MailError(
                .mailboxMissing, "IMAP mailbox \"\(mailbox)\" does not exist on \(server) (\(detail))", curlCode: code)
        case 67:
            return MailError(.authentication, "IMAP server \(server) refused the login: \(detail)", curlCode: code)
        case 78:
            return MailError(.messageMissing, "IMAP message not found while \(action): \(detail)", curlCode: code)
        default:
            return MailError(
                .protocolError, "IMAP \(action) failed on \(server): \(detail) (curl \(code))", curlCode: code)
        }
    }

    /// Compact UID sets (`1:5,7,9:12`), each short enough for one command line.
    static func uidSets(_ uids: [UInt32]) -> [String] {
        let sorted = Array(Set(uids)).sorted()
        var ranges: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            ranges.append(end == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[end])")
            index = end + 1
        }
        var sets: [String] = []
        var current = ""
        for range in ranges {
            if current.count + range.count > 4000 {
                sets.append(current)
                current = ""
            }
            current += current.isEmpty ? range : ",\(range)"
        }
        if !current.isEmpty { sets.append(current) }
        return sets
    }

    static func number(after key: String, in text: String) -> Int? {
        guard let range = text.range(of: "\(key) ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    static func quotedValue(after key: String, in text: String) -> String? {
        guard let range = text.range(of: "\(key) \"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// `23-Nov-2026 20:01:03 +0000` (RFC 3501 date-time).
    static func parseInternalDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "d-MMM-yyyy HH:mm:ss Z"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
