import Foundation

/// Where and how to reach a mail server: the URL from the configuration, credentials, and
/// TLS settings. `imaps://`/`smtps://` are TLS from the start; plain `imap://`/`smtp://` to
/// anything but loopback must upgrade with STARTTLS, so passwords never cross a network in clear.
public struct MailServerEndpoint: Sendable {
    public var scheme: String
    public var host: String
    public var port: Int?
    /// The mailbox path for IMAP (`INBOX`), empty for SMTP.
    public var path: String
    public var username: String?
    public var password: String?
    public var caFile: String?
    public var connectTimeout: Int
    public var operationTimeout: Int

    /// Parses `url`; throws a configuration error for anything that is not imap(s)/smtp(s).
    public init(
        url: String, username: String?, password: String?, caFile: String? = nil, connectTimeout: Int = 20,
        operationTimeout: Int = 300
    ) throws(MailError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            ["imap", "imaps", "smtp", "smtps"].contains(scheme), let host = components.host, !host.isEmpty
        else {
            throw MailError(.configuration, "\"\(url)\" is not an imap://, imaps://, smtp:// or smtps:// URL")
        }
        self.scheme = scheme
        self.host = host
        self.port = components.port
        self.path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.username = username
        self.password = password
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
    }

    /// True for 127.0.0.0/8, ::1 and localhost: the only hosts plain text may go to.
    /// True for `localhost`, an IPv4 address in 127.0.0.0/8 written as four decimal octets, and
    /// `::1`; nothing else (`127.evil.example` is a name like any other).
    public var isLoopback: Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "::1" || name == "[::1]" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCII) && octet.allSatisfy(\.isNumber)
                && Int(octet).map { $0 <= 255 } == true
        }
    }

    /// True when the scheme is implicit TLS.
    public var isImplicitTLS: Bool { scheme.hasSuffix("s") }

    /// `scheme://host:port/` followed by `path` (already URL-encoded by the caller).
    func url(path: String = "") -> String {
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)\(port.map { ":\($0)" } ?? "")/\(path)"
    }
}

extension MailServerEndpoint: CustomStringConvertible {
    /// The URL and the user, never the password: an endpoint may end up in a log line or a
    /// test report.
    public var description: String { "\(url(path: path)) as \(username ?? "nobody")" }
}
