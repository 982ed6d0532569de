import Foundation

/// What a person newly wrote in a reply, without the history their mail client quoted below it:
/// the text above the first quote header (an attribution line such as "On … wrote:" in the
/// common languages, Outlook's "-----Original Message-----" or its From:/Sent:/To:/Subject:
/// block), or above a trailing block of `>` lines. HTML replies are cut at their client's quote
/// container (`gmail_quote`, `divRplyFwdMsg`, `blockquote type=cite`, `moz-cite-prefix`,
/// `yahoo_quoted`) before they are turned into text. Pure; linear in the text.
///
/// Nothing is lost: when trimming would leave nothing, the whole text is kept, and an inline
/// answer (quoted lines interleaved with new ones) is kept whole. The full mail is always
/// stored; this only decides what is relayed.
public enum QuotedReply {
    /// The new text of a plain-text reply.
    public static func trim(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        var end = lines.count
        if let header = firstQuoteHeader(in: lines) { end = header }
        // A trailing block of quoted lines (and the blank lines around it) goes as well.
        var kept = Array(lines[..<end])
        while let last = kept.last, isBlank(last) || isQuoted(last) { kept.removeLast() }
        let result = kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if result.isEmpty { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return result
    }

    /// The HTML above the client's quote container, or nil when there is none (or when text
    /// follows the quote, as in an inline answer). Works on bytes: one pass per marker.
    public static func cutHTML(_ html: String) -> String? {
        let bytes = Array(html.utf8)
        var cut: Int?
        for marker in htmlMarkers {
            guard let at = firstIndex(of: marker, in: bytes), let tagStart = tagStart(before: at, in: bytes) else {
                continue
            }
            if marker.starts(with: Array("type=".utf8)) {
                // Apple Mail and Thunderbird also use cite blocks for inline answers: cut only
                // when nothing but markup follows the last one.
                if let last = lastIndex(of: Array("</blockquote>".utf8), in: bytes),
                    hasVisibleText(bytes[(last + 13)...])
                {
                    continue
                }
            }
            cut = min(cut ?? tagStart, tagStart)
        }
        guard let cut else { return nil }
        return String(decoding: bytes[..<cut], as: UTF8.self)
    }

    /// Class and id names of the quote containers (lower case), and the cite blocks' `type`.
    private static let htmlMarkers: [[UInt8]] = [
        "gmail_quote", "divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container", "moz-cite-prefix",
        "yahoo_quoted", "protonmail_quote", "type=\"cite\"", "type=cite",
    ].map { Array($0.utf8) }

    /// The first place `needle` (lower-case ASCII) occurs in `bytes`, ignoring ASCII case.
    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if lowered(bytes[index]) == first, matches(needle, in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// The last place `needle` (lower-case ASCII) occurs in `bytes`, ignoring ASCII case.
    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = bytes.count - needle.count
        while index >= 0 {
            if matches(needle, in: bytes, at: index) { return index }
            index -= 1
        }
        return nil
    }

    private static func matches(_ needle: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        for offset in 0..<needle.count where lowered(bytes[index + offset]) != needle[offset] { return false }
        return true
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// The `<` opening the tag that holds `index`, or nil when `index` is not inside a tag.
    private static func tagStart(before index: Int, in bytes: [UInt8]) -> Int? {
        var position = index - 1
        while position >= 0, index - position < 4096 {
            if bytes[position] == UInt8(ascii: "<") { return position }
            if bytes[position] == UInt8(ascii: ">") { return nil }
            position -= 1
        }
        return nil
    }

    /// Whether anything but markup, white space and `&nbsp;` is in `html`.
    private static func hasVisibleText(_ html: ArraySlice<UInt8>) -> Bool {
        var inTag = false
        var text: [UInt8] = []
        for byte in html {
            if byte == UInt8(ascii: "<") {
                inTag = true
            } else if byte == UInt8(ascii: ">") {
                inTag = false
            } else if !inTag, byte > 0x20 {
                text.append(byte)
                if text.count > 64 { break }
            }
        }
        return !String(decoding: text, as: UTF8.self).replacingOccurrences(of: "&nbsp;", with: "").isEmpty
    }

    // MARK: Quote headers

    /// The index of the first line that begins quoted history, if any.
    static func firstQuoteHeader(in lines: [String]) -> Int? {
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.count <= 400, !isQuoted(line) {
                if isSeparator(line, followedBy: lines, at: index) { return index }
                if isHeaderBlock(at: index, in: lines) { return index }
                if let span = attributionSpan(at: index, in: lines), !isInlineAnswer(after: index + span, in: lines) {
                    return index
                }
            }
            index += 1
        }
        return nil
    }

    private static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0.isWhitespace }
    }

    private static func isQuoted(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.first == ">"
    }

    /// "-----Original Message-----" in the common languages, and Outlook's rule of underscores
    /// followed by a From: line.
    private static func isSeparator(_ line: String, followedBy lines: [String], at index: Int) -> Bool {
        let lowered = line.lowercased()
        if lowered.hasPrefix("--"), lowered.hasSuffix("--") {
            let words = lowered.trimmingCharacters(in: CharacterSet(charactersIn: "- "))
            if originalMessageWords.contains(words) { return true }
        }
        if line.count >= 10, line.allSatisfy({ $0 == "_" }) {
            return isHeaderBlock(at: nextNonBlank(after: index, in: lines) ?? lines.count, in: lines)
        }
        return false
    }

    private static let originalMessageWords: Set<String> = [
        "original message", "ursprüngliche nachricht", "message d'origine", "message d’origine",
        "mensaje original", "oorspronkelijk bericht", "origineel bericht", "messaggio originale", "mensagem original",
        "originalmeddelande", "opprinnelig melding", "oprindelig meddelelse", "alkuperäinen viesti",
        "wiadomość oryginalna", "původní zpráva", "original nachricht",
    ]

    private static func nextNonBlank(after index: Int, in lines: [String]) -> Int? {
        var next = index + 1
        while next < lines.count, isBlank(lines[next]) { next += 1 }
        return next < lines.count ? next : nil
    }

    /// A `From:` line followed, within the next lines, by a date line and a To or Subject line:
    /// how Outlook (desktop, web, mobile, Mac) and many others begin the message they quote.
    private static func isHeaderBlock(at index: Int, in lines: [String]) -> Bool {
        guard index < lines.count, let field = headerName(lines[index]), fromNames.contains(field) else {
            return false
        }
        var sawDate = false
        var sawRecipientOrSubject = false
        var seen = 0
        var next = index + 1
        while next < lines.count, seen < 6 {
            defer { next += 1 }
            if isBlank(lines[next]) { continue }
            seen += 1
            guard let name = headerName(lines[next]) else { continue }
            if dateNames.contains(name) { sawDate = true }
            if recipientOrSubjectNames.contains(name) { sawRecipientOrSubject = true }
            if sawDate && sawRecipientOrSubject { return true }
        }
        return false
    }

    /// The lower-cased name of a `Name: value` line (bold markers from HTML dropped), or nil.
    private static func headerName(_ line: String) -> String? {
        let stripped = line.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "*"))
        guard let colon = stripped.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let name = stripped[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: " *\u{00A0}")).lowercased()
        guard !name.isEmpty, name.count <= 20 else { return nil }
        return name
    }

    private static let fromNames: Set<String> = [
        "from", "von", "de", "van", "da", "från", "fra", "od", "от", "lähettäjä", "发件人", "差出人", "보낸 사람",
    ]
    private static let dateNames: Set<String> = [
        "sent", "date", "gesendet", "datum", "envoyé", "date d'envoi", "enviado", "enviado el", "fecha", "verzonden",
        "inviato", "data", "skickat", "sendt", "lähetetty", "wysłano", "odesláno", "отправлено", "发送时间", "日付", "送信日時",
        "보낸 날짜",
    ]
    private static let recipientOrSubjectNames: Set<String> = [
        "to", "cc", "subject", "an", "betreff", "à", "objet", "para", "asunto", "aan", "onderwerp", "a", "oggetto",
        "assunto", "till", "ämne", "til", "emne", "komu", "předmět", "do", "temat", "кому", "тема", "vastaanottaja",
        "aihe", "收件人", "主题", "宛先", "件名", "받는 사람", "제목",
    ]

    /// How many lines (1 to 3) an attribution line starting at `index` spans, or nil: "On …
    /// wrote:", "Am … schrieb …:", "Le … a écrit :", "El … escribió:", "Op … schreef …:" and
    /// their kin, which clients wrap when the name and address are long.
    private static func attributionSpan(at index: Int, in lines: [String]) -> Int? {
        var joined = ""
        for span in 1...3 where index + span - 1 < lines.count {
            let line = lines[index + span - 1].trimmingCharacters(in: .whitespaces)
            if span > 1 && (line.isEmpty || isQuoted(line)) { return nil }
            joined = span == 1 ? line : joined + " " + line
            if joined.count > 500 { return nil }
            if isAttribution(joined) { return span }
            if isAddressAttribution(joined),
                nextNonBlank(after: index + span - 1, in: lines).map({ isQuoted(lines[$0]) })
                    == true
            {
                return span
            }
        }
        return nil
    }

    /// Any language's attribution by its shape: a date and `<address>` ending in a colon, right
    /// above quoted lines ("2026年11月30日(月) 10:02 Cindy <cindy@example.org>:", "пн, 30 нояб. 2026 г.
    /// в 10:02, Cindy <cindy@example.org>:", "Cindy <cindy@example.org> 于2026年11月30日写道：").
    static func isAddressAttribution(_ line: String) -> Bool {
        guard line.hasSuffix(":") || line.hasSuffix("："), line.count <= 300,
            let open = line.firstIndex(of: "<"), let close = line[open...].firstIndex(of: ">"),
            line[open..<close].contains("@")
        else { return false }
        return line.contains(where: \.isNumber)
    }

    public static func isAttribution(_ line: String) -> Bool {
        let lowered = line.lowercased()
        guard lowered.hasSuffix(":") || lowered.hasSuffix("：") else { return false }
        let body = lowered.dropLast().trimmingCharacters(in: .whitespaces)
        // Real attribution lines carry a date or an address; "On the screen it wrote:" does not.
        guard body.contains("@") || body.contains(where: \.isNumber) else { return false }
        // Lotus Notes: "Cindy <cindy@example.org> wrote on 11/30/2026 10:02:00 AM:".
        if body.contains(" wrote on "), body.contains("@") { return true }
        for (opening, verb) in attributionWords {
            if opening.isEmpty || body.hasPrefix(opening + " ") || body.hasPrefix(opening + ","),
                body.hasSuffix(verb) || body.contains(" " + verb + " ")
            {
                // "… wrote:" ends the line; German and Dutch put the name after the verb.
                if body.hasSuffix(verb) || ["am", "op", "den", "dne", "w dniu"].contains(opening) {
                    return opening.isEmpty ? body.contains("@") : true
                }
            }
        }
        return false
    }

    /// (opening word, verb) pairs; an empty opening accepts "Name <address> wrote:".
    private static let attributionWords: [(String, String)] = [
        ("on", "wrote"), ("am", "schrieb"), ("le", "a écrit"), ("el", "escribió"), ("op", "schreef"),
        ("il", "ha scritto"), ("em", "escreveu"), ("den", "skrev"), ("dne", "napsal"), ("w dniu", "napisał"),
        ("", "wrote"), ("", "schrieb"), ("", "写道"), ("", "a écrit"), ("", "escribió"), ("", "schreef"),
    ]

    /// After an attribution line: quoted lines interleaved with new ones (an inline answer),
    /// which must not be cut. Unquoted history (Yahoo's plain text) is not an inline answer.
    private static func isInlineAnswer(after index: Int, in lines: [String]) -> Bool {
        var sawQuote = false
        var line = index
        while line < lines.count {
            let text = lines[line]
            if text == "-- " { return false }  // a signature follows
            if isQuoted(text) {
                sawQuote = true
            } else if sawQuote, !isBlank(text) {
                return true
            }
            line += 1
        }
        return false
    }
}
