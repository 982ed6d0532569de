import CCurl
import Foundation

/// An IMAP connection over libcurl to one mailbox (the path of the configured URL).
///
/// Facts it is built around (libcurl 7.88, Dovecot 2.3): messages are fetched with the URL form
/// `INBOX;UIDVALIDITY=V/;UID=N`, byte-exact at any size (a custom `UID FETCH BODY[]` would pass
/// the literal through libcurl's capped header path and can be desynchronised by a body line that
/// looks like a tag). Custom commands return their untagged lines as the body. UIDVALIDITY comes
/// from `STATUS`. Every call blocks: run it on a dedicated thread.
///
/// Fetches read the mailbox opened read-only (`EXAMINE`): RFC 3501 has `BODY[]` set `\Seen`
/// only on a read-write selection, and libcurl's URL fetch cannot ask for `BODY.PEEK[]`. Setting
/// \Seen is most of a fetch's cost on Dovecot's maildir (a file rename and an index write per
/// message) and means nothing to ticketd (ARCHITECTURE.md: the checkpoint is the truth), so
/// processed mail stays unseen. Moves switch back with `SELECT`. Both are custom commands on the
/// mailbox libcurl already has selected, so its cached selection (name, UIDVALIDITY) stays true.
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
    /// How the server has the mailbox open, as far as this session knows; `unknown` after any
    /// failure (libcurl may have reconnected, and a new connection selects read-write).
    private var access = Access.unknown
    private enum Access { case unknown, readOnly, readWrite }

    /// Whether fetches go through the read-only selection (see above). Without, a fetch is
    /// libcurl's bare URL fetch and sets \Seen: the ingest benchmark's ceiling.
    public let fetchesReadOnly: Bool

    public init(endpoint: MailServerEndpoint, fetchesReadOnly: Bool = true) throws(MailError) {
        self.endpoint = endpoint
        self.fetchesReadOnly = fetchesReadOnly
        self.mailbox = endpoint.path.isEmpty ? "INBOX" : (endpoint.path.removingPercentEncoding ?? endpoint.path)
        curl = try CurlEasy()
        curl.configure(for: endpoint)
    }

    /// What `STATUS` says of the mailbox.
    public struct MailboxStatus: Sendable, Equatable {
        public var uidValidity: UInt32
        public var uidNext: UInt32
        public var messages: Int
    }

    /// How many messages one `UID FETCH … INTERNALDATE` asks about. libcurl 7.88 counts a custom
    /// command's untagged lines against its 300 KiB response-header cap in a way that grows
    /// faster than the reply (measured with Dovecot: 50 lines pass, 100 fail with CURLcode 56),
    /// so replies are kept to a few lines each; UIDs themselves come from one ESEARCH line.
    public static let fetchWindow = 40

    /// The mailbox's UIDVALIDITY and UIDNEXT, from `STATUS` (a custom SELECT of another
    /// mailbox would make libcurl's cached selection lie).
    public func status() throws(MailError) -> MailboxStatus {
        let response = try command("STATUS \(quoted(mailbox)) (UIDVALIDITY UIDNEXT MESSAGES)", selecting: false)
        guard let validity = Self.number(after: "UIDVALIDITY", in: response).flatMap(UInt32.init(exactly:)),
            let next = Self.number(after: "UIDNEXT", in: response).flatMap(UInt32.init(exactly:))
        else {
            throw MailError(.protocolError, "the server's STATUS reply for \(mailbox) lacks UIDVALIDITY or UIDNEXT")
        }
        return MailboxStatus(
            uidValidity: validity, uidNext: next, messages: Self.number(after: "MESSAGES", in: response) ?? 0)
    }

    /// The mailbox's UIDVALIDITY.
    public func uidValidity() throws(MailError) -> UInt32 { try status().uidValidity }

    /// Messages with a UID above `uid`, in UID order, with their arrival times. UIDs come from
    /// `UID SEARCH RETURN (ALL)` (RFC 4731: one short line of ranges, however large the
    /// mailbox), or plain `UID SEARCH` where ESEARCH is missing; `n+1:*` matches the highest
    /// message even when it is not above n (RFC 3501's `*` rule), so the answer is filtered.
    /// At most `limit` messages come back (the lowest UIDs); the next poll takes the rest, so a
    /// server that claims billions of messages costs no more than `limit` of them.
    public func messages(after uid: UInt32, limit: Int = 50_000) throws(MailError) -> [MessageInfo] {
        guard uid < UInt32.max else { return [] }  // nothing can lie above the highest UID
        // A selected mailbox's view is synced after a command, not before it: without a NOOP
        // first, SEARCH answers from the view of the last command and new mail waits a poll.
        _ = try command("NOOP", selecting: true)
        let uids = try searchUIDs(from: uid + 1, limit: limit).filter { $0 > uid }
        var result: [MessageInfo] = []
        var start = 0
        while start < uids.count {
            let window = Array(uids[start..<min(start + Self.fetchWindow, uids.count)])
            result += try arrivalInfo(window)
            start += window.count
        }
        return result.sorted { $0.uid < $1.uid }
    }

    private func searchUIDs(from first: UInt32, limit: Int) throws(MailError) -> [UInt32] {
        do {
            let response = try command("UID SEARCH RETURN (ALL) UID \(first):*", selecting: true)
            return Self.expandESearch(response, limit: limit)
        } catch  where error.code == .protocolError {
            let response = try command("UID SEARCH UID \(first):*", selecting: true)
            return Array(
                response.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("* SEARCH") }
                    .flatMap { $0.split(separator: " ").dropFirst(2).compactMap { UInt32($0) } }.sorted().prefix(limit))
        }
    }

    /// `* ESEARCH (TAG "A5") UID ALL 1:3,7,9:10` → [1, 2, 3, 7, 9, 10], the lowest `limit` of
    /// them: a range is walked, never turned into an array whole (`1:4294967295` is one line).
    static func expandESearch(_ response: String, limit: Int = .max) -> [UInt32] {
        var uids: [UInt32] = []
        for line in response.split(whereSeparator: \.isNewline) where line.hasPrefix("* ESEARCH") {
            guard let range = line.range(of: " ALL ") else { continue }
            for piece in line[range.upperBound...].prefix(while: { $0 != " " }).split(separator: ",") {
                let bounds = piece.split(separator: ":").compactMap { UInt32($0) }
                let (low, high) =
                    bounds.count == 2
                    ? (min(bounds[0], bounds[1]), max(bounds[0], bounds[1])) : (bounds.first ?? 0, bounds.first ?? 0)
                guard bounds.count == 1 || bounds.count == 2 else { continue }
                var uid = low
                while uids.count < limit {
                    uids.append(uid)
                    if uid == high { break }
                    uid += 1
                }
            }
        }
        return Array(Set(uids).sorted().prefix(limit))
    }

    /// INTERNALDATE and size of a few messages.
    private func arrivalInfo(_ uids: [UInt32]) throws(MailError) -> [MessageInfo] {
        let wanted = Set(uids)
        let set = Self.uidSets(uids).joined(separator: ",")
        let response = try command("UID FETCH \(set) (UID INTERNALDATE RFC822.SIZE)", selecting: true)
        var result: [MessageInfo] = []
        for line in response.split(whereSeparator: \.isNewline) where line.hasPrefix("* ") && line.contains("FETCH") {
            guard let found = Self.number(after: "UID", in: String(line)).flatMap(UInt32.init(exactly:)),
                wanted.contains(found)
            else { continue }
            let date = Self.quotedValue(after: "INTERNALDATE", in: String(line)).flatMap(Self.parseInternalDate)
            let size = Self.number(after: "RFC822.SIZE", in: String(line))
            result.append(MessageInfo(uid: found, internalDate: date, size: size))
        }
        // A message expunged meanwhile has no line and is simply not there any more.
        return result
    }

    /// The raw bytes of one message, exactly as stored.
    /// `expectedSize` (RFC822.SIZE from the listing) sizes the buffer once, so a large mail is
    /// not copied while it grows.
    public func fetch(uid: UInt32, uidValidity: UInt32, expectedSize: Int? = nil) throws(MailError) -> [UInt8] {
        try fetch(
            path: "/;UID=\(uid)", uidValidity: uidValidity, expectedSize: expectedSize, doing: "fetching UID \(uid)")
    }

    /// The header block of one message only (`;SECTION=HEADER`, RFC 5092): what is kept of a mail
    /// too large to fetch.
    public func fetchHeader(uid: UInt32, uidValidity: UInt32) throws(MailError) -> [UInt8] {
        try fetch(
            path: "/;UID=\(uid);SECTION=HEADER", uidValidity: uidValidity, expectedSize: nil,
            doing: "fetching the header of UID \(uid)")
    }

    private func fetch(
        path: String, uidValidity: UInt32, expectedSize: Int?, doing action: String
    ) throws(MailError)
        -> [UInt8]
    {
        if fetchesReadOnly { try open(.readOnly, uidValidity: uidValidity) }
        let url = endpoint.url(path: "\(encodedMailbox);UIDVALIDITY=\(uidValidity)\(path)")
        curl.set(TICKETD_OPT_CUSTOMREQUEST, nil)
        let (code, response) = curl.perform(url: url, expectedSize: expectedSize)
        if code != 0 {
            access = .unknown
            throw error(for: code, doing: action)
        }
        return response.body
    }

    /// How many messages one `UID MOVE` names: the reply has an untagged EXPUNGE line per
    /// message, and libcurl's header accounting grows with the square of a reply's line count
    /// (a 200-message MOVE failed with CURLcode 56 here), so sets stay small.
    public static let moveWindow = 50

    /// Moves messages to `folder`, a UID set of up to `moveWindow` messages per `UID MOVE`.
    public func move(uids: [UInt32], to folder: String) throws(MailError) {
        guard !uids.isEmpty else { return }
        try open(.readWrite, uidValidity: nil)
        let sorted = Array(Set(uids)).sorted()
        var start = 0
        while start < sorted.count {
            let window = Array(sorted[start..<min(start + Self.moveWindow, sorted.count)])
            for set in Self.uidSets(window) {
                _ = try command("UID MOVE \(set) \(quoted(folder))", selecting: true)
            }
            start += window.count
        }
    }

    /// Opens the mailbox read-only (`EXAMINE`) or read-write (`SELECT`) unless it already is.
    /// With `uidValidity`, the server's answer must carry it: a fetch by UID under another
    /// UIDVALIDITY would read the wrong messages.
    private func open(_ wanted: Access, uidValidity: UInt32?) throws(MailError) {
        guard access != wanted else { return }
        let verb = wanted == .readOnly ? "EXAMINE" : "SELECT"
        let response = try command("\(verb) \(quoted(mailbox))", selecting: true)
        if let uidValidity, let found = Self.number(after: "UIDVALIDITY", in: response), found != Int(uidValidity) {
            access = .unknown
            throw MailError(
                .protocolError,
                "IMAP mailbox \"\(mailbox)\" changed its UIDVALIDITY from \(uidValidity) to \(found) while being read")
        }
        access = wanted
    }

    /// Runs a custom command; with `selecting`, against the URL's mailbox (libcurl SELECTs it
    /// first when it has not yet).
    private func command(_ text: String, selecting: Bool) throws(MailError) -> String {
        curl.set(TICKETD_OPT_CUSTOMREQUEST, text)
        defer { curl.set(TICKETD_OPT_CUSTOMREQUEST, nil) }
        let (code, response) = curl.perform(url: endpoint.url(path: selecting ? encodedMailbox : ""))
        if code != 0 {
            access = .unknown
            throw error(for: code, doing: text.split(separator: " ").prefix(2).joined(separator: " "))
        }
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
        let server = CurlFailure.server(endpoint)
        switch (CurlFailure(code: code, receiveFailureIsUnreachable: false), code) {
        case (.unreachable, _):
            return MailError(
                .unreachable, "IMAP server \(server) unreachable while \(action): \(detail)", curlCode: code)
        case (.tls, _):
            return MailError(.tls, "TLS with IMAP server \(server) failed: \(detail)", curlCode: code)
        case (.authentication, _) where detail.lowercased().contains("select"),
            (.other, 21) where action.hasPrefix("STATUS"):
            return MailError(
                .mailboxMissing, "IMAP mailbox \"\(mailbox)\" does not exist on \(server) (\(detail))", curlCode: code)
        case (.authentication, _):
            return MailError(.authentication, "IMAP server \(server) refused the login: \(detail)", curlCode: code)
        case (.other, 78):
            return MailError(.messageMissing, "IMAP message not found while \(action): \(detail)", curlCode: code)
        case (.other, _):
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

    /// `23-Nov-2026 20:01:03 +0000` (RFC 3501 date-time), parsed by hand: this runs once per
    /// message and a DateFormatter per call would cost more than the fetch bookkeeping.
    static func parseInternalDate(_ text: String) -> Date? {
        let fields = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard fields.count == 3 else { return nil }
        let date = fields[0].split(separator: "-")
        let time = fields[1].split(separator: ":").compactMap { Int($0) }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard date.count == 3, time.count == 3, let day = Int(date[0]), let year = Int(date[2]),
            let month = months.firstIndex(of: date[1].lowercased()), let zone = Int(fields[2]), fields[2].count == 5
        else { return nil }
        let offsetSeconds = (zone / 100 * 3600 + zone % 100 * 60)
        let components = DateComponents(
            year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2])
        return utcCalendar.date(from: components)?.addingTimeInterval(TimeInterval(-offsetSeconds))
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
