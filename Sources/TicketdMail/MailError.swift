/// A failure talking to a mail server, with libcurl's code and the server's reply where known.
public struct MailError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The server cannot be reached (refused, DNS, timeout): try again later.
        case unreachable
        /// TLS failed (certificate, handshake).
        case tls
        /// The server refused our credentials.
        case authentication
        /// The mailbox or folder does not exist.
        case mailboxMissing
        /// A message asked for is not there (any more).
        case messageMissing
        /// The server answered NO/BAD or something unexpected.
        case protocolError
        /// The server refused a recipient or the message for good (5xx): do not retry.
        case permanentRejection
        /// The server refused for now (4xx): retry later.
        case temporaryRejection
        /// Our own setup is wrong (bad URL, missing option).
        case configuration
    }

    public let code: Code
    public let message: String
    /// libcurl's CURLcode, when libcurl reported the failure.
    public let curlCode: Int?
    /// The server's numeric reply (SMTP), when there was one.
    public let responseCode: Int?

    public init(_ code: Code, _ message: String, curlCode: Int? = nil, responseCode: Int? = nil) {
        self.code = code
        self.message = message
        self.curlCode = curlCode
        self.responseCode = responseCode
    }

    /// True when trying again later may succeed.
    public var isTransient: Bool {
        switch code {
        case .unreachable, .tls, .temporaryRejection, .protocolError: return true
        case .authentication, .mailboxMissing, .messageMissing, .permanentRejection, .configuration: return false
        }
    }

    public var description: String { message }
}
