/// The kinds of libcurl failure that mean the same for IMAP and SMTP, named once.
enum CurlFailure {
    case unreachable, tls, authentication, other

    /// CURLcodes: 6 (resolve), 7 (connect), 28 (timeout) and, for a reused connection the server
    /// closed, 56 (receive); the TLS family; 67 (login denied).
    init(code: Int, receiveFailureIsUnreachable: Bool) {
        switch code {
        case 6, 7, 28: self = .unreachable
        case 56 where receiveFailureIsUnreachable: self = .unreachable
        case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 83, 90, 91: self = .tls
        case 67: self = .authentication
        default: self = .other
        }
    }

    /// `host:port` for messages.
    static func server(_ endpoint: MailServerEndpoint) -> String {
        "\(endpoint.host)\(endpoint.port.map { ":\($0)" } ?? "")"
    }
}
