import Foundation

/// libFuzzer entry for the code that reads mail (`scripts/fuzz.sh` compiles it together with
/// TicketdMIME's sources, `-sanitize=fuzzer,address`). `TICKETD_FUZZ_TARGET` picks what the
/// input is fed to: `mime` (the whole parser, bounces, digests), `html` (HTML to text),
/// `address` (address lists, encoded words, MIME parameters), `authresults`
/// (Authentication-Results). Every input must finish inside the parse deadline and never crash.
enum FuzzTarget: String {
    case mime, html, address, authresults

    static let selected =
        FuzzTarget(rawValue: ProcessInfo.processInfo.environment["TICKETD_FUZZ_TARGET"] ?? "") ?? .mime

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .mime:
            guard let message = try? MIMEParser().parse(bytes, deadline: Deadline(secondsFromNow: 5)) else { return }
            _ = BounceDetector.isBounce(message)
            _ = BounceDetector.returnedMessageIDs(message)
            _ = message.contentDigest
            for attachment in message.attachments { _ = message.data(of: attachment) }
            let reply = OutgoingMessage(
                from: MailAddress(name: "Help Desk", email: "support@example.org"),
                to: message.from.map { [$0] } ?? [], subject: message.subject, messageID: "fuzz@example.org",
                date: Date(timeIntervalSince1970: 0), body: message.textBody, inReplyTo: message.messageID,
                references: message.references)
            _ = reply.render()
        case .html:
            _ = try? HTMLToText.convert(text, deadline: Deadline(secondsFromNow: 5))
        case .address:
            for address in AddressList.parse(text) { _ = OutgoingMessage.format(address) }
            _ = EncodedWord.decode(text)
            _ = EncodedWord.encodeIfNeeded(text)
            _ = HeaderParameters(text)
            _ = MessageIDList.parse(text)
        case .authresults:
            _ = AuthenticationResults.parse(text)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzTarget.selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
