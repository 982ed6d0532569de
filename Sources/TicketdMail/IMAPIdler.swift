import CCurl
import Foundation

/// A second IMAP connection that waits in IDLE (RFC 2177) and says when new mail arrives, so the
/// poller runs at once instead of at its next interval. libcurl opens and logs in
/// (`CURLOPT_CONNECT_ONLY`: greeting, STARTTLS, login, TLS verified as for every session); the
/// few commands IDLE needs — CAPABILITY, EXAMINE, IDLE, DONE — are spoken here. Blocking: run it
/// on a thread of its own.
public final class IMAPIdler {
    /// Why `waitForMail` returned.
    public enum Wake: Sendable, Equatable {
        /// The server reported new mail (`* N EXISTS`).
        case newMail
        /// `maxWait` passed (IDLE is renewed well before the server's 30-minute limit).
        case renewal
        /// `shouldStop` said so.
        case stopped
    }

    public let endpoint: MailServerEndpoint
    private let curl: CurlEasy
    private var tagNumber = 0
    private var pending: [UInt8] = []
    /// False when the server does not offer IDLE: the caller falls back to polling.
    public private(set) var supportsIdle = false

    /// Connects, logs in, checks for IDLE and opens the mailbox read-only.
    public init(endpoint: MailServerEndpoint) throws(MailError) {
        self.endpoint = endpoint
        curl = try CurlEasy()
        curl.configure(for: endpoint)
        let code = curl.connectOnly(url: endpoint.url())
        guard code == 0 else { throw failure(code, doing: "connecting for IDLE") }
        let capabilities = try run("CAPABILITY")
        supportsIdle = capabilities.contains {
            $0.uppercased().hasPrefix("* CAPABILITY") && $0.uppercased().contains(" IDLE")
        }
        guard supportsIdle else { return }
        let mailbox = endpoint.path.isEmpty ? "INBOX" : (endpoint.path.removingPercentEncoding ?? endpoint.path)
        _ = try run(
            "EXAMINE \"\(mailbox.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
        )
    }

    /// Waits in IDLE until new mail arrives, `maxWait` seconds pass or `shouldStop()` is true
    /// (checked every `checkEvery` seconds); ends the IDLE with DONE before returning.
    public func waitForMail(
        maxWait: TimeInterval, checkEvery: TimeInterval = 0.5, shouldStop: () -> Bool
    )
        throws(MailError) -> Wake
    {
        let tag = nextTag()
        try send("\(tag) IDLE\r\n")
        // The continuation (`+ idling`) opens the wait; a tagged answer means IDLE was refused.
        while true {
            let line = try readLine(waiting: 30)
            if line.hasPrefix("+") { break }
            if line.hasPrefix("\(tag) ") {
                throw MailError(.protocolError, "IMAP server \(CurlFailure.server(endpoint)) refused IDLE: \(line)")
            }
        }
        let started = Date()
        var wake = Wake.renewal
        waiting: while Date().timeIntervalSince(started) < maxWait {
            if shouldStop() {
                wake = .stopped
                break
            }
            for line in try readLines(waiting: checkEvery) where Self.announcesMail(line) {
                wake = .newMail
                break waiting
            }
        }
        try send("DONE\r\n")
        while try !readLine(waiting: 30).hasPrefix("\(tag) ") {}
        return wake
    }

    /// `* 12 EXISTS` (or RECENT): the mailbox grew.
    static func announcesMail(_ line: String) -> Bool {
        let words = line.uppercased().split(separator: " ")
        return words.count >= 3 && words[0] == "*" && Int(words[1]) != nil
            && (words[2] == "EXISTS" || words[2] == "RECENT")
    }

    /// Sends a tagged command and returns its lines, the tagged one last; a NO or BAD throws.
    private func run(_ command: String) throws(MailError) -> [String] {
        let tag = nextTag()
        try send("\(tag) \(command)\r\n")
        var lines: [String] = []
        while true {
            let line = try readLine(waiting: 30)
            lines.append(line)
            if line.hasPrefix("\(tag) ") {
                guard line.dropFirst(tag.count + 1).uppercased().hasPrefix("OK") else {
                    throw MailError(
                        .protocolError, "IMAP \(command.split(separator: " ").first ?? "") failed: \(line)")
                }
                return lines
            }
        }
    }

    private func nextTag() -> String {
        tagNumber += 1
        return "I\(tagNumber)"
    }

    private func send(_ text: String) throws(MailError) {
        let code = curl.send(Array(text.utf8))
        guard code == 0 else { throw failure(code, doing: "talking to it in IDLE") }
    }

    /// One line, waiting up to `seconds` for it.
    private func readLine(waiting seconds: TimeInterval) throws(MailError) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let line = takeLine() { return line }
            guard Date() < deadline else {
                throw MailError(.unreachable, "IMAP server \(CurlFailure.server(endpoint)) stopped answering in IDLE")
            }
            try fill(waiting: min(seconds, 1))
        }
    }

    /// The lines that arrive within `seconds` (maybe none).
    private func readLines(waiting seconds: TimeInterval) throws(MailError) -> [String] {
        try fill(waiting: seconds)
        var lines: [String] = []
        while let line = takeLine() { lines.append(line) }
        return lines
    }

    private func fill(waiting seconds: TimeInterval) throws(MailError) {
        switch curl.receive(waiting: Int(seconds * 1000)) {
        case .success(let bytes): pending += bytes
        case .failure(let failure): throw self.failure(failure.code, doing: "waiting in IDLE")
        }
    }

    private func takeLine() -> String? {
        guard let newline = pending.firstIndex(of: 0x0a) else { return nil }
        var end = newline
        if end > 0, pending[end - 1] == 0x0d { end -= 1 }
        let line = String(decoding: pending[0..<end], as: UTF8.self)
        pending.removeFirst(newline + 1)
        return line
    }

    private func failure(_ code: Int, doing action: String) -> MailError {
        let server = CurlFailure.server(endpoint)
        let detail = curl.errorText(for: code)
        switch CurlFailure(code: code, receiveFailureIsUnreachable: true) {
        case .unreachable:
            return MailError(
                .unreachable, "IMAP server \(server) unreachable while \(action): \(detail)", curlCode: code)
        case .tls: return MailError(.tls, "TLS with IMAP server \(server) failed: \(detail)", curlCode: code)
        case .authentication:
            return MailError(.authentication, "IMAP server \(server) refused the login: \(detail)", curlCode: code)
        case .other:
            return MailError(
                .protocolError, "IMAP \(action) failed on \(server): \(detail) (curl \(code))", curlCode: code)
        }
    }
}
