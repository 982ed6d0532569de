import Foundation

/// The lines with which mail clients begin the history they quote below a reply, in the
/// languages a hospital's staff write: attribution lines ("On … wrote:", "Am … schrieb …:",
/// "… пользователь … написал:", "… tarihinde … yazdı:", "… 写道："), also wrapped over two or
/// three lines or without a colon; header blocks (From/Sent/To/Subject in any order and
/// language, as Outlook, Hotmail and webmails write them); separators ("-----Original
/// Message-----", "-----Reply Message-----", "---- Cindy wrote ----"); and the markers of a
/// forwarded mail, which is kept whole. Pure; each test reads a bounded window of lines.
enum QuoteHeaders {
    /// What begins at a line.
    enum Start: Equatable {
        /// An attribution line spanning this many lines.
        case attribution(lines: Int)
        case headerBlock
        case separator
        /// A forwarded message: the author means to send it, nothing is cut.
        case forward
        /// A mobile client's "Sent from my iPhone": the author's words end above it.
        case deviceSignature
    }

    /// Lines longer than this are never a header (and are not read further).
    static let maxLine = 400

    /// What begins at `index`, if anything.
    static func start(at index: Int, in lines: [String]) -> Start? {
        let line = lines[index].trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty, line.count <= maxLine, !isQuoted(line) else { return nil }
        if isForwardMarker(line) { return .forward }
        if isDeviceSignature(line) { return .deviceSignature }
        if isSeparator(line, at: index, in: lines) { return .separator }
        if isHeaderBlock(at: index, in: lines) { return .headerBlock }
        if let span = attributionSpan(at: index, in: lines) { return .attribution(lines: span) }
        return nil
    }

    static func isBlank(_ line: String) -> Bool { line.allSatisfy(\.isWhitespace) }

    static func isQuoted(_ line: String) -> Bool { line.drop { $0 == " " || $0 == "\t" }.first == ">" }

    static func nextNonBlank(after index: Int, in lines: [String]) -> Int? {
        var next = index + 1
        while next < lines.count, isBlank(lines[next]) { next += 1 }
        return next < lines.count ? next : nil
    }

    // MARK: Forwarded mail and separators

    /// "---------- Forwarded message ---------", "Begin forwarded message:", and their kin.
    static func isForwardMarker(_ line: String) -> Bool {
        // Every marker is set off by dashes or ends in a colon.
        guard line.utf8.count <= 200, line.contains("--") || line.hasSuffix(":") || line.hasSuffix("：") else {
            return false
        }
        let words = line.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "-_=*<> :："))
        guard words.count <= 60 else { return false }
        return forwardWords.contains { words == $0 || words.hasPrefix($0 + " ") || words.hasSuffix(" " + $0) }
    }

    private static let forwardWords: [String] = [
        "forwarded message", "begin forwarded message", "forwarded by", "original message follows",
        "weitergeleitete nachricht", "anfang der weitergeleiteten nachricht", "message transféré",
        "début du message réexpédié", "début du message transféré", "mensaje reenviado", "mensaje reenviado inicio",
        "inicio del mensaje reenviado", "messaggio inoltrato", "inizio messaggio inoltrato", "doorgestuurd bericht",
        "begin doorgestuurd bericht", "mensagem encaminhada", "início da mensagem reencaminhada",
        "mensagem reencaminhada", "wiadomość przekazana", "przekazana wiadomość", "początek przekazywanej wiadomości",
        "пересылаемое сообщение", "пересланное сообщение", "начало переадресованного сообщения", "iletilen ileti",
        "iletilmiş ileti", "yönlendirilen ileti", "رسالة معاد توجيهها", "الرسالة المعاد توجيهها", "转发的邮件",
        "转发邮件", "轉寄的郵件", "転送メッセージ", "転送されたメッセージ", "vidarebefordrat meddelande",
        "videresendt melding", "videresendt meddelelse", "välitetty viesti", "přeposlaná zpráva",
    ]

    /// "Sent from my iPhone", "Get Outlook for Android<https://aka.ms/…>", "Von meinem iPhone
    /// gesendet" and their kin: a client's line, not the author's words.
    static func isDeviceSignature(_ line: String) -> Bool {
        guard line.utf8.count <= 240, line.count <= 120 else { return false }
        // A client's line is short (its link aside) and no sentence: "Sent from my desk, is
        // much easier than my phone." is the author's.
        let text = line.split(separator: "<").first.map(String.init) ?? line
        guard text.count <= 60 else { return false }
        let characters = Array(text)
        for index in characters.indices.dropLast(2) where characters[index] == "," {
            if characters[index + 1] == " ", characters[index + 2].isLowercase { return false }
        }
        let lowered = line.lowercased()
        return devicePhrases.contains { lowered.hasPrefix($0) }
            || (lowered.count <= 60 && deviceSuffixes.contains { lowered.hasSuffix($0) })
    }

    private static let devicePhrases: [String] = [
        "sent from my ", "sent from outlook", "sent from mail for windows", "sent from yahoo mail", "sent from samsung",
        "sent via ", "get outlook for ", "sent using ", "gesendet von meinem", "gesendet von outlook",
        "gesendet mit ", "von meinem iphone gesendet", "von meinem ipad gesendet", "envoyé de mon ",
        "envoyé depuis mon ", "télécharger outlook pour ", "obtenir outlook pour ", "enviado desde mi ",
        "enviado desde outlook", "obtener outlook para ", "inviato da ", "scarica outlook per ",
        "verzonden vanaf mijn ",
        "verzonden met ", "outlook voor ", "enviado do meu ", "enviado do ", "obter o outlook para ",
        "wysłane z mojego ", "wysłane z ", "pobierz outlook dla ", "отправлено с ", "отправлено из ",
        "получите outlook для ", "skickat från min ", "skickat från ", "sendt fra min ", "sendt fra ",
        "lähetetty iphonesta", "lähetetty ", "从我的", "發自我的", "发自我的", "odesláno z ", "gönderen: iphone",
    ]
    private static let deviceSuffixes: [String] = [
        "iphone'umdan gönderildi", "ipad'imden gönderildi", "iphoneから送信", "ipadから送信", "android에서 보냄",
        "iphone에서 보냄", "发送自我的iphone",
    ]

    /// A line of dashes around words that begin history: "-----Original Message-----" in
    /// many languages, "-----Reply Message-----", "---- Cindy wrote ----", "------------------
    /// 原始邮件 ------------------"; Outlook's rule of underscores above a header block.
    private static func isSeparator(_ line: String, at index: Int, in lines: [String]) -> Bool {
        if line.count >= 10, line.allSatisfy({ $0 == "_" || $0 == "-" }) {
            return nextNonBlank(after: index, in: lines).map { isHeaderBlock(at: $0, in: lines) } ?? false
        }
        guard line.hasPrefix("--"), line.hasSuffix("--") else { return false }
        let words = line.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "-_ "))
        guard !words.isEmpty, words.count <= 120 else { return false }
        if separatorWords.contains(words) || Verbs.wrote(in: words) != nil { return true }
        // Any words between dashes right above a quoted mail's header block.
        return nextNonBlank(after: index, in: lines).map { isHeaderBlock(at: $0, in: lines) } ?? false
    }

    private static let separatorWords: Set<String> = [
        "original message", "original", "reply message", "reply", "ursprüngliche nachricht", "original nachricht",
        "antwort", "message d'origine", "message d’origine", "message original", "réponse", "mensaje original",
        "respuesta", "oorspronkelijk bericht", "origineel bericht", "messaggio originale", "risposta",
        "mensagem original", "resposta", "originalmeddelande", "opprinnelig melding", "oprindelig meddelelse",
        "alkuperäinen viesti", "oprindelig besked", "ursprungligt meddelande", "wiadomość oryginalna",
        "oryginalna wiadomość", "původní zpráva",
        "исходное сообщение", "оригинальное сообщение", "özgün ileti", "orijinal mesaj", "الرسالة الأصلية",
        "原始邮件", "原始郵件", "原邮件", "元のメッセージ", "原文", "회신 메시지", "원본 메시지",
    ]

    // MARK: Header blocks

    /// Kinds of header line a quoted mail's block is made of.
    private enum Field { case from, date, recipient, subject }

    /// Header lines close together (blank lines between, as HTML leaves them) naming From and
    /// at least two of date, recipient and subject, in any order and any of the languages:
    /// Outlook's "From/Sent/To/Subject", Hotmail's "Date/Subject/From/To", webmails' blocks.
    /// `index` must be the first of them.
    static func isHeaderBlock(at index: Int, in lines: [String]) -> Bool {
        guard index < lines.count, field(of: lines[index]) != nil else { return false }
        var kinds: Set<Field> = []
        var next = index
        var read = 0
        var blanks = 0
        while next < lines.count, read < 8 {
            defer { next += 1 }
            if isBlank(lines[next]) {
                blanks += 1
                if blanks > 2 { break }
                continue
            }
            blanks = 0
            read += 1
            guard let kind = field(of: lines[next]) else {
                // A long value wrapped onto the next line (a To list) is part of the block.
                if read > 1 { continue }
                break
            }
            kinds.insert(kind)
            if kinds.contains(.from), kinds.count >= 3 { return true }
        }
        return false
    }

    /// The kind of a `Name: value` line (bold markers from HTML dropped), or nil.
    private static func field(of line: String) -> Field? {
        let stripped = line.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "*"))
        guard stripped.count <= maxLine,
            let colon = stripped.firstIndex(where: { $0 == ":" || $0 == "：" })
        else { return nil }
        let name = stripped[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: " *\u{00A0}")).lowercased()
        guard !name.isEmpty, name.count <= 24 else { return nil }
        if fromNames.contains(name) { return .from }
        if dateNames.contains(name) { return .date }
        if recipientNames.contains(name) { return .recipient }
        if subjectNames.contains(name) { return .subject }
        return nil
    }

    private static let fromNames: Set<String> = [
        "from", "von", "de", "van", "da", "från", "fra", "od", "от", "lähettäjä", "kimden", "gönderen", "من", "发件人",
        "發件人", "寄件者", "寄件人", "差出人", "送信者", "보낸 사람", "feladó", "από", "מאת", "sender", "afsender",
        "avsändare", "nadawca", "remetente", "remitente", "mittente", "expéditeur", "absender", "afzender",
    ]
    private static let dateNames: Set<String> = [
        "sent", "date", "gesendet", "datum", "envoyé", "envoyé le", "date d'envoi", "enviado", "enviado el", "fecha",
        "verzonden", "inviato", "data", "skickat", "sendt", "lähetetty", "päivämäärä", "wysłano", "wysłane",
        "odesláno", "отправлено", "дата", "tarih", "gönderildi", "gönderilme tarihi", "التاريخ", "تاريخ الإرسال",
        "أرسل", "أُرسل", "发送时间", "發送時間", "日期", "时间", "時間", "日付", "送信日時", "보낸 날짜", "elküldve", "dátum",
        "στάλθηκε", "ημερομηνία", "נשלח", "תאריך", "enviada", "enviada em", "enviado em", "sent on",
    ]
    private static let recipientNames: Set<String> = [
        "to", "cc", "bcc", "an", "kopie", "à", "a", "para", "aan", "till", "til", "kopia", "kopi", "komu", "do", "dw",
        "кому", "копия", "vastaanottaja", "kopio", "kime", "bilgi", "إلى", "نسخة", "收件人", "收件者", "抄送", "副本", "宛先",
        "받는 사람", "참조", "címzett", "προς", "κοιν", "אל", "עותק", "mottagare", "modtager", "mottaker",
    ]
    private static let subjectNames: Set<String> = [
        "subject", "betreff", "objet", "asunto", "onderwerp", "oggetto", "assunto", "ämne", "emne", "předmět", "temat",
        "тема", "aihe", "konu", "الموضوع", "主题", "主旨", "件名", "제목", "tárgy", "θέμα", "נושא", "sujet", "titel",
    ]

    // MARK: Attribution lines

    /// How many lines (1 to 3) an attribution starting at `index` spans, or nil. A wrapped one
    /// begins with a date or an address and does not end a sentence; one without a colon, or
    /// one that names no address and opens with no known word, counts only right above quoted
    /// lines.
    static func attributionSpan(at index: Int, in lines: [String], depth: Int = 0) -> Int? {
        var joined = ""
        let first = lines[index].trimmingCharacters(in: .whitespaces)
        for span in 1...3 where index + span - 1 < lines.count {
            let line = lines[index + span - 1].trimmingCharacters(in: .whitespaces)
            if span > 1 {
                if line.isEmpty || isQuoted(line) || line.count > maxLine { return nil }
                guard first.contains(where: { $0.isNumber || $0 == "@" }), !endsASentence(first) else { return nil }
                // An attribution that begins on the next line begins there, not here (unless
                // this line's address is cut off: "Cindy <" then "cindy@x> wrote:").
                if span == 2, depth == 0, !first.hasSuffix("<"), !line.hasPrefix("<"),
                    attributionSpan(at: index + 1, in: lines, depth: 1) != nil
                {
                    return nil
                }
            }
            joined = span == 1 ? line : joined + (joined.hasSuffix("<") || line.hasPrefix(">") ? "" : " ") + line
            let quoteFollows =
                nextNonBlank(after: index + span - 1, in: lines).map { isQuoted(lines[$0]) } ?? false
            // Cheap first: an attribution ends in a colon or (the one kind without) in its verb,
            // unless it stands above a quote.
            guard quoteFollows || joined.hasSuffix(":") || joined.hasSuffix("：") || Verbs.endsWithVerb(joined),
                let kind = attributionKind(joined)
            else { continue }
            if kind == .standsAlone || quoteFollows { return span }
        }
        return nil
    }

    /// "Thanks!", "Call me at 4410." end a sentence; "So., 23." and "30. nov." do not.
    private static func endsASentence(_ line: String) -> Bool {
        guard let last = line.last else { return false }
        if last == "!" || last == "?" { return true }
        guard last == "." else { return false }
        let word = line.dropLast().split(separator: " ").last ?? ""
        return word.count > 4 && !word.contains(where: \.isNumber)
    }

    enum AttributionKind: Equatable {
        /// Recognised on its own ("On … Cindy <c@x> wrote:").
        case standsAlone
        /// Only right above quoted lines (no colon; or no address and no known opening).
        case aboveQuote
    }

    /// Whether `line` reads as an attribution, and how sure that is.
    static func attributionKind(_ line: String) -> AttributionKind? {
        guard line.count <= 500 else { return nil }
        // Right-to-left clients mark direction; the marks are not words.
        let lowered = String(
            String.UnicodeScalarView(line.lowercased().unicodeScalars.filter { !bidiMarks.contains($0.value) }))
        let colon = lowered.hasSuffix(":") || lowered.hasSuffix("：")
        let body = (colon ? String(lowered.dropLast()) : lowered).trimmingCharacters(in: .whitespaces)
        let hasAddress = body.contains("@")
        // Real attribution lines carry a date or an address; "On the screen it wrote:" does not.
        guard hasAddress || body.contains(where: \.isNumber) else { return nil }
        let opens = Verbs.opensAttribution(body)
        if let verb = Verbs.wrote(in: body) {
            let tail = body[verb.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " ,.:()a"))
            // "… wrote:" ends it; German, Dutch and the Nordic languages name the writer after
            // the verb ("Am … schrieb Cindy:"); Lotus Notes puts the date there ("… wrote on 11/30/2026:").
            if tail.isEmpty || (tail.count <= 80 && (opens || tail.contains("@") || tail.contains(where: \.isNumber))) {
                // With a colon: an address, a known opening, or a date and time before the verb
                // ("2026. 01. 05. 14:32 keltezéssel, Nagy Béla a következőt írta:").
                if colon && (hasAddress || opens || (tail.isEmpty && hasTime(body))) { return .standsAlone }
                // "On Wed, 14 Nov 2018 08:14 John <john@doe.com> wrote", no colon.
                return opens && tail.isEmpty && hasAddress ? .standsAlone : .aboveQuote
            }
        }
        guard colon, isAddressShape(body) else { return nil }
        // A time and "Name <address>:" ending the line is an attribution anywhere
        // ("30.09.2017, 18.30, "John" <j@x>:", "2017-11-24 16:32 GMT+01:00 Baptiste <b@x>:").
        return body.hasSuffix(">") && hasTime(body) ? .standsAlone : .aboveQuote
    }

    private static let bidiMarks: Set<UInt32> = [
        0x200E, 0x200F, 0x061C, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    ]

    /// Whether `text` holds a time of day: two digits, a colon or a dot, two digits.
    private static func hasTime(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count >= 4 else { return false }
        for index in 1..<(characters.count - 2)
        where characters[index] == ":" || characters[index] == "." {
            if characters[index - 1].isNumber, characters[index + 1].isNumber, characters[index + 2].isNumber {
                return true
            }
        }
        return false
    }

    /// A date and `<address>`: "2026年11月30日(月) 10:02 Cindy <cindy@example.org>", Yandex's
    /// "26.06.2014, 14:41, "Name" <addr>", mail.ru's "… от Name <addr>".
    private static func isAddressShape(_ body: String) -> Bool {
        guard body.count <= 300, let open = body.firstIndex(of: "<"), let close = body[open...].firstIndex(of: ">"),
            body[open..<close].contains("@")
        else { return false }
        return body[..<open].contains(where: \.isNumber) || body[close...].contains(where: \.isNumber)
    }
}
