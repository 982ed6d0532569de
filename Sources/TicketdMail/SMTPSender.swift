import CCurl
import Foundation

/// Sends finished messages over one reused SMTP connection through libcurl.
///
/// The message must already use CRLF line endings and end in CRLF: only then does libcurl
/// dot-stuff correctly. A rejected recipient comes back as CURLcode 55 with the server's 5xx
/// (permanent) or 4xx (temporary). Every call blocks: run it on a dedicated thread.
public final class SMTPSender {
    public let endpoint: MailServerEndpoint
    private let curl: CurlEasy

    public init(endpoint: MailServerEndpoint) throws(MailError) {
        self.endpoint = endpoint
        curl = try CurlEasy()
        curl.configure(for: endpoint)
    }

    /// Sends `message` from `envelopeFrom` to `recipients`; returns when the server said 250.
    public func send(_ message: [UInt8], from envelopeFrom: String, to recipients: [String]) throws(MailError) {
        guard !recipients.isEmpty else { throw MailError(.configuration, "a mail needs at least one recipient") }
        curl.set(TICKETD_OPT_MAIL_FROM, "<\(envelopeFrom)>")
        curl.setRecipients(recipients)
        let (code, _) = curl.perform(url: endpoint.url(), upload: message)
        guard code != 0 else { return }
        let reply = curl.responseCode
        let detail = curl.errorText(for: code)
        let server = CurlFailure.server(endpoint)
        switch CurlFailure(code: code, receiveFailureIsUnreachable: true) {
        case .unreachable:
            throw MailError(
                .unreachable, "SMTP server \(server) unreachable: \(detail)", curlCode: code, responseCode: reply)
        case .tls:
            throw MailError(.tls, "TLS with SMTP server \(server) failed: \(detail)", curlCode: code)
        case .authentication:
            throw MailError(.authentication, "SMTP server \(server) refused the login: \(detail)", curlCode: code)
        case .other:
            if (500..<600).contains(reply) {
                throw MailError(
                    .permanentRejection, "SMTP server \(server) rejected the mail with \(reply): \(detail)",
                    curlCode: code, responseCode: reply)
            }
            throw MailError(
                .temporaryRejection, "SMTP server \(server) did not accept the mail (\(reply)): \(detail)",
                curlCode: code, responseCode: reply)
        }
    }
}
