import Foundation

/// Deterministic, varied test mail: plain, quoted-printable, alternative, attachments, HTML only,
/// foreign charsets, missing Message-ID, auto-replies, nested forwards, and broken bytes.
public enum MailCorpus {
    /// The kinds of mail generated, in rotation.
    public enum Kind: Int, CaseIterable, Sendable {
        case plain, quotedPrintable, alternative, attachment, htmlOnly, foreignCharset, noMessageID, broken,
            autoReply, nestedForward
    }

    /// The kind of the `index`-th generated message.
    public static func kind(of index: Int) -> Kind { Kind(rawValue: index % Kind.allCases.count)! }

    /// How many of the first `count` messages are quarantined: the broken ones, and the
    /// out-of-office replies, which answer no ticket and so open none.
    public static func quarantined(count: Int) -> Int {
        (0..<count).filter { [.broken, .autoReply].contains(kind(of: $0)) }.count
    }

    /// `count` messages; message `i` comes from `user<i % senders>@example.org`.
    public static func varied(
        count: Int, senders: Int = 50, attachmentBytes: Int = 2048, tag: String = "corpus"
    )
        -> [[UInt8]]
    {
        (0..<count).map { message(index: $0, senders: senders, attachmentBytes: attachmentBytes, tag: tag) }
    }

    /// The `index`-th mail of an outage storm: everyone writes about the same failure, in a few
    /// wordings, each from a sender of their own.
    public static func storm(index: Int, tag: String = "storm") -> [UInt8] {
        let subjects = [
            "VPN is down", "Cannot connect to the VPN", "VPN not working from ward \(index % 40)",
            "vpn keeps disconnecting", "No VPN connection since 9:00",
        ]
        return Array(
            """
            From: Nurse \(index) <nurse\(index)@clinic.example>\r
            To: support@example.org\r
            Date: Mon, 23 Nov 2026 08:00:00 -0500\r
            Message-ID: <\(tag)-\(index)@clinic.example>\r
            Subject: \(subjects[index % subjects.count])\r
            \r
            Since this morning the VPN will not connect from my workstation (\(index % 97)).\r

            """.utf8)
    }

    public static func message(
        index: Int, senders: Int = 50, attachmentBytes: Int = 2048, tag: String = "corpus"
    )
        -> [UInt8]
    {
        let from = "User \(index % senders) <user\(index % senders)@example.org>"
        let id = "<\(tag)-\(index)@example.org>"
        let common = "From: \(from)\r\nTo: support@example.org\r\nDate: Mon, 23 Nov 2026 08:00:00 -0500\r\n"
        let text: String
        switch kind(of: index) {
        case .plain:
            text = "\(common)Message-ID: \(id)\r\nSubject: Plain request \(index)\r\n\r\nPlease help with \(index).\r\n"
        case .quotedPrintable:
            text = """
                \(common)Message-ID: \(id)\r\nSubject: =?ISO-8859-1?Q?Caf=E9_machine_\(index)?=\r\nMIME-Version: 1.0\r
                Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r
                \r
                The caf=E9 machine on floor \(index % 7) is broken. This line is long enough to need a soft =\r
                break in quoted-printable.\r

                """
        case .alternative:
            text = """
                \(common)Message-ID: \(id)\r\nSubject: Alternative \(index)\r\nMIME-Version: 1.0\r
                Content-Type: multipart/alternative; boundary="b\(index)"\r
                \r
                --b\(index)\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                Plain version \(index)\r
                --b\(index)\r
                Content-Type: text/html; charset=utf-8\r
                \r
                <p>HTML version \(index)</p>\r
                --b\(index)--\r

                """
        case .attachment:
            let payload = [UInt8]((0..<attachmentBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) })
            text = """
                \(common)Message-ID: \(id)\r\nSubject: Screenshot \(index)\r\nMIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="m\(index)"\r
                \r
                --m\(index)\r
                Content-Type: text/plain\r
                \r
                See the attached screenshot.\r
                --m\(index)\r
                Content-Type: image/png; name="screen-\(index).png"\r
                Content-Disposition: attachment; filename="screen-\(index).png"\r
                Content-Transfer-Encoding: base64\r
                \r
                \(Data(payload).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]))\r
                --m\(index)--\r

                """
        case .htmlOnly:
            text = """
                \(common)Message-ID: \(id)\r\nSubject: HTML only \(index)\r\nMIME-Version: 1.0\r
                Content-Type: text/html; charset=utf-8\r
                \r
                <html><head><style>b{}</style><script>evil()</script></head><body>Printer &amp; scanner \(index)<br>down</body></html>\r

                """
        case .foreignCharset:
            text = """
                \(common)Message-ID: \(id)\r\nSubject: =?KOI8-R?B?8NLJ18XU?= \(index)\r\nMIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: 8bit\r
                \r
                Grüße aus der Radiologie, Nummer \(index).\r

                """
        case .noMessageID:
            text = "\(common)Subject: No id \(index)\r\n\r\nA mail without Message-ID, number \(index) (\(tag)).\r\n"
        case .broken:
            // No header block at all: not an RFC 5322 message.
            return Array("\r\n\r\n\u{1}\u{2} broken \(index) \u{ff}\r\n".utf8)
        case .autoReply:
            text = """
                \(common)Message-ID: \(id)\r\nSubject: Out of office \(index)\r\nAuto-Submitted: auto-replied\r
                \r
                I am away. (\(index))\r

                """
        case .nestedForward:
            text = """
                \(common)Message-ID: \(id)\r\nSubject: Fwd: incident \(index)\r\nMIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="outer\(index)"\r
                \r
                --outer\(index)\r
                Content-Type: text/plain\r
                \r
                Forwarding the incident report.\r
                --outer\(index)\r
                Content-Type: message/rfc822\r
                \r
                From: monitor@example.org\r
                Subject: incident\r
                Content-Type: multipart/alternative; boundary="inner\(index)"\r
                \r
                --inner\(index)\r
                Content-Type: text/plain\r
                \r
                Disk full on pacs-\(index % 3)\r
                --inner\(index)--\r
                --outer\(index)--\r

                """
        }
        return Array(text.utf8)
    }
}
