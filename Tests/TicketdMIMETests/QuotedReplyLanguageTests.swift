import Foundation
import Testing
import TicketdMIME

/// Trimming as a class, table-driven: attribution lines in the languages a hospital's staff
/// write (also wrapped over two or three lines, or without a colon), header blocks in any order
/// and language, separators, a forwarded mail kept whole, the author's words below a quote,
/// and a URL wrapped inside a quote. Each row: the reply's text and what the author wrote.
@Suite struct QuotedReplyLanguageTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: String
        var testDescription: String { name }
    }

    static let mine = "The printer on ward 3 still jams."
    static let quote = "> Please check the paper tray.\n> Cindy"

    /// A reply: the author's words, then `attribution` and the quoted text below it.
    static func reply(_ name: String, _ attribution: String) -> Row {
        Row(name: name, text: "\(mine)\n\n\(attribution)\n\(quote)\n", expected: mine)
    }

    static let attributions: [Row] = [
        reply("English", "On Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote:"),
        reply("English, no colon", "On Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote"),
        reply(
            "English, wrapped before the address",
            "On Mon, Nov 30, 2026 at 10:02 AM Cindy Smith <\ncindy@example.org> wrote:"),
        reply(
            "English, wrapped over three lines",
            "On Mon, Nov 30, 2026 at 10:02 AM\nCindy Smith via Help Desk\n<support@example.org> wrote:"),
        reply("German", "Am Mo., 30. Nov. 2026 um 10:02 Uhr schrieb Cindy <cindy@example.org>:"),
        reply("German, name first", "Cindy <cindy@example.org> schrieb am 30.11.2026 um 10:02:"),
        reply("French", "Le lun. 30 nov. 2026 à 10:02, Cindy <cindy@example.org> a écrit :"),
        reply("Spanish", "El lun, 30 nov 2026 a las 10:02, Cindy (<cindy@example.org>) escribió:"),
        reply("Italian", "Il giorno lun 30 nov 2026 alle ore 10:02 Cindy <cindy@example.org> ha scritto:"),
        reply("Dutch", "Op ma 30 nov. 2026 om 10:02 schreef Cindy <cindy@example.org>:"),
        reply("Portuguese", "Em seg., 30 de nov. de 2026 às 10:02, Cindy <cindy@example.org> escreveu:"),
        reply("Polish", "W dniu 30.11.2026 o 10:02, Cindy <cindy@example.org> pisze:"),
        reply("Polish, napisał(a)", "pon., 30 lis 2026 o 10:02 Cindy <cindy@example.org> napisał(a):"),
        reply("Russian", "пн, 30 нояб. 2026 г. в 10:02, Cindy <cindy@example.org>:"),
        reply(
            "Russian Android, wrapped",
            "30 нояб. 2026 г. 10:02 пользователь \"Cindy\" <\ncindy@example.org> написал:"),
        reply("Yandex, wrapped", "30.11.2026, 10:02, \"Cindy\" <\ncindy@example.org>:"),
        reply("mail.ru", "Понедельник, 30 ноября 2026, 10:02 +03:00 от Cindy <cindy@example.org>:"),
        reply("Turkish", "30 Kas 2026 Pzt, 10:02 tarihinde Cindy <cindy@example.org> şunu yazdı:"),
        reply("Arabic", "\u{200F}في الاثنين، 30 نوفمبر 2026 10:02 ص كتب Cindy <cindy@example.org>:"),
        reply("Chinese", "Cindy <cindy@example.org> 于2026年11月30日周一 上午10:02写道："),
        reply("Chinese, traditional", "Cindy <cindy@example.org> 於 2026年11月30日 週一 上午10:02 寫道："),
        reply("Japanese", "2026年11月30日(月) 10:02 Cindy <cindy@example.org>:"),
        reply("Swedish", "Den mån 30 nov. 2026 kl 10:02 skrev Cindy <cindy@example.org>:"),
        reply("Norwegian", "man. 30. nov. 2026 kl. 10:02 skrev Cindy <cindy@example.org>:"),
        reply("Danish", "Den 30. nov. 2026 kl. 10.02 skrev Cindy Smith <cindy@example.org>:"),
        reply("Finnish", "Cindy <cindy@example.org> kirjoitti 30.11.2026 kello 10.02:"),
        reply("Czech", "Dne po 30. 11. 2026 10:02 uživatel Cindy <cindy@example.org> napsal:"),
        reply("Korean", "2026년 11월 30일 (월) 오전 10:02, Cindy <cindy@example.org>님이 작성:"),
        reply("Lotus Notes", "Cindy <cindy@example.org> wrote on 11/30/2026 10:02:00 AM:"),
        reply("Hungarian", "2026. jan. 5., h 14:32 időpontban Cindy <cindy@example.org> ezt írta:"),
        reply("Czech, wrapped", "Dne po 15. led. 2025 17:03 Cindy Smith <cindy@example.org>\nnapsal(a):"),
    ]

    static func block(_ name: String, _ header: String) -> Row {
        Row(name: name, text: "\(mine)\n\n\(header)\n\nPlease check the paper tray.\nCindy\n", expected: mine)
    }

    static let headerBlocks: [Row] = [
        block(
            "Outlook, English",
            "From: Cindy <cindy@example.org>\nSent: Monday, November 30, 2026 10:02 AM\nTo: Keisha\nSubject: RE: printer"
        ),
        block(
            "Hotmail, date first",
            "Date: Mon, 30 Nov 2026 10:02:00 +0000\nSubject: RE: printer\nFrom: cindy@example.org\nTo: keisha@clinic.example"
        ),
        block(
            "German, subject first",
            "Betreff: AW: Drucker\nDatum: 30.11.2026 10:02\nVon: Cindy <cindy@example.org>\nAn: Keisha"),
        block(
            "French",
            "De : Cindy <cindy@example.org>\nEnvoyé : lundi 30 novembre 2026 10:02\nÀ : Keisha\nObjet : RE: imprimante"),
        block(
            "Spanish",
            "De: Cindy <cindy@example.org>\nEnviado: lunes, 30 de noviembre de 2026 10:02\nPara: Keisha\nAsunto: RE: impresora"
        ),
        block(
            "Italian",
            "Da: Cindy <cindy@example.org>\nInviato: lunedì 30 novembre 2026 10:02\nA: Keisha\nOggetto: R: stampante"),
        block(
            "Dutch",
            "Van: Cindy <cindy@example.org>\nVerzonden: maandag 30 november 2026 10:02\nAan: Keisha\nOnderwerp: RE: printer"
        ),
        block(
            "Portuguese",
            "De: Cindy <cindy@example.org>\nEnviada em: segunda-feira, 30 de novembro de 2026 10:02\nPara: Keisha\nAssunto: RE: impressora"
        ),
        block(
            "Polish",
            "Od: Cindy <cindy@example.org>\nWysłano: poniedziałek, 30 listopada 2026 10:02\nDo: Keisha\nTemat: RE: drukarka"
        ),
        block(
            "Russian",
            "От: Cindy <cindy@example.org>\nОтправлено: 30 ноября 2026 г. 10:02\nКому: Keisha\nТема: RE: принтер"),
        block(
            "Turkish",
            "Kimden: Cindy <cindy@example.org>\nGönderildi: 30 Kasım 2026 Pazartesi 10:02\nKime: Keisha\nKonu: YNT: yazıcı"
        ),
        block(
            "Arabic",
            "من: Cindy <cindy@example.org>\nتاريخ الإرسال: الاثنين، 30 نوفمبر 2026 10:02\nإلى: Keisha\nالموضوع: RE: طابعة"
        ),
        block("Chinese", "发件人: Cindy <cindy@example.org>\n发送时间: 2026年11月30日 10:02\n收件人: Keisha\n主题: 回复: 打印机"),
        block("Japanese", "差出人: Cindy <cindy@example.org>\n送信日時: 2026年11月30日 10:02\n宛先: Keisha\n件名: RE: プリンター"),
        block(
            "Swedish",
            "Från: Cindy <cindy@example.org>\nSkickat: den 30 november 2026 10:02\nTill: Keisha\nÄmne: SV: skrivare"),
        block(
            "Norwegian",
            "Fra: Cindy <cindy@example.org>\nSendt: 30. november 2026 10:02\nTil: Keisha\nEmne: SV: skriver"),
        block(
            "Finnish",
            "Lähettäjä: Cindy <cindy@example.org>\nLähetetty: 30. marraskuuta 2026 10.02\nVastaanottaja: Keisha\nAihe: VS: tulostin"
        ),
        block(
            "bold and blank lines between, as HTML leaves them",
            "**From:** Cindy <cindy@example.org>\n\n**Sent:** Monday, November 30, 2026 10:02 AM\n\n**To:** Keisha\n\n**Subject:** RE: printer"
        ),
    ]

    static let separators: [Row] = [
        block("Original Message", "-----Original Message-----\nPlease check."),
        block("Reply Message", "-----Reply Message-----\nPlease check."),
        block("Android reply message", "----- Reply message -----\nPlease check."),
        block("someone wrote", "---- Cindy wrote ----"),
        block("Zoho", "---- On Mon, 30 Nov 2026 10:02:00 +0000 Cindy <cindy@example.org> wrote ----"),
        block("QQ mail", "------------------ 原始邮件 ------------------"),
        block("German", "-------- Ursprüngliche Nachricht --------"),
        block(
            "Outlook rule",
            "________________________________\nFrom: Cindy <cindy@example.org>\nSent: Monday\nTo: Keisha"),
    ]

    static let shapes: [Row] = [
        Row(
            name: "a forwarded mail at the top is kept whole",
            text:
                "See below, from the vendor.\n\n---------- Forwarded message ---------\nFrom: Vendor <v@vendor.example>\nDate: Mon, 30 Nov 2026\nSubject: Recall\nTo: Keisha\n\nPump firmware 2.1 is recalled.\n",
            expected:
                "See below, from the vendor.\n\n---------- Forwarded message ---------\nFrom: Vendor <v@vendor.example>\nDate: Mon, 30 Nov 2026\nSubject: Recall\nTo: Keisha\n\nPump firmware 2.1 is recalled."
        ),
        Row(
            name: "Apple's Begin forwarded message",
            text:
                "FYI\n\nBegin forwarded message:\n\nFrom: Vendor <v@vendor.example>\nSubject: Recall\nDate: 30 November 2026\nTo: Keisha\n\nRecalled.\n",
            expected:
                "FYI\n\nBegin forwarded message:\n\nFrom: Vendor <v@vendor.example>\nSubject: Recall\nDate: 30 November 2026\nTo: Keisha\n\nRecalled."
        ),
        Row(
            name: "bottom-posting keeps the words below and cuts the quote",
            text:
                "On Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote:\n> Which ward?\n> Cindy\n\nWard 3, bed 4.\n",
            expected: "Ward 3, bed 4."),
        Row(
            name: "a signature below the quote is kept",
            text:
                "Still jams.\n\nOn Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote:\n> Check the tray.\n\n-- \nKeisha Smith, Ward 3\n",
            expected: "Still jams.\n\n-- \nKeisha Smith, Ward 3"),
        Row(
            name: "a quote at the top with no attribution, answered below",
            text: "> Which ward?\n\nWard 3.\n", expected: "Ward 3."),
        Row(
            name: "a wrapped URL inside the quote does not end it",
            text:
                "Done.\n\nOn Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote:\n> Follow https://kb.example.org/articles/printers/ward-3/\ntray-jam-fix.html\n> and tell me.\n",
            expected: "Done."),
        Row(
            name: "a wrapped URL at the end of the quote",
            text:
                "Done.\n\nOn Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote:\n> See https://kb.example.org/articles/printers/ward-3/\ntray-jam-fix.html\n",
            expected: "Done."),
        Row(
            name: "an inline answer is kept whole",
            text:
                "On Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote:\n> Which ward?\nWard 3.\n> Which bed?\nBed 4.\n",
            expected:
                "On Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote:\n> Which ward?\nWard 3.\n> Which bed?\nBed 4."
        ),
        Row(
            name: "a sentence ending in an exclamation is not part of a wrapped attribution",
            text: "Thanks!\nOn Mon, Nov 30, 2026 at 10:02 AM Cindy <cindy@example.org> wrote:\n> Try again.\n",
            expected: "Thanks!"),
        Row(
            name: "words that merely look like an attribution stay",
            text: "The vendor wrote:\nfirmware 2.1 is faulty.\n", expected: "The vendor wrote:\nfirmware 2.1 is faulty."
        ),
        Row(
            name: "a mobile client's line ends the author's words",
            text: "Hello\n\nSent from my iPhone\n\nOn Apr 3, 2012, at 4:19 PM, bob <bob@example.com> wrote:\n\n> Hi\n",
            expected: "Hello"),
        Row(
            name: "a client's line above an Outlook rule and header block",
            text:
                "\(mine)\n\nTélécharger Outlook pour Android<https://aka.ms/ghei36>\n\n________________________________\nFrom: Any One <any.one@example.net>\nSent: Wednesday, February 5, 2020 8:54:40 PM\nTo: some.one@live.de\nSubject: You got a message\n\nHello\n",
            expected: mine),
        Row(
            name: "an attribution with a time and an address above unquoted history",
            text: "\(mine)\n\n30.09.2017, 18.30, \"John - Doe\" <john@saas.example>:\n\nTest\n", expected: mine),
        Row(
            name: "an English attribution without a colon above unquoted history",
            text:
                "\(mine)\n\nOn Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@doe.example> wrote\n\nWhen are you available?\n",
            expected: mine),
        Row(
            name: "a German attribution wrapped after a date's dot",
            text: "\(mine)\n\nAa Bb <abc@abc.example> schrieb am So., 23.\nJuni 2024, 21:08:\n\n> Hi!\n", expected: mine
        ),
        Row(
            name: "a Finnish attribution wrapped before the address",
            text: "\(mine)\n\npe 20. lokakuuta 2017 klo 17.50 John Coe\n<john@test.example> kirjoitti:\n\nThanks!\n",
            expected: mine),
        Row(
            name: "a Danish separator above its header block",
            text:
                "\(mine)\n\n-------- Oprindelig besked --------\nFra: A B <ab@ab.example>\nDato: 04.07.2024 17.45\nTil: c@c.example\nEmne: Hej\n",
            expected: mine),
        Row(
            name: "lines with digits right above an attribution stay the author's",
            text:
                "Ward 3 bed 4\nMonitor 12 offline\nAt 2019-07-04 11:20:38, \"Cindy\" <cindy@example.org> wrote:\n> Which bed?\n",
            expected: "Ward 3 bed 4\nMonitor 12 offline"),
        Row(
            name: "a Hungarian attribution with a date and time and no address, above unquoted history",
            text: "\(mine)\n\n2026. 01. 05. 14:32 keltezéssel, Nagy Béla a következőt írta:\nKedves Anna, nézd át.\n",
            expected: mine),
        Row(
            name: "a sentence that begins like a client's line is the author's",
            text: "Here is another email\n\nSent from my desk, is much easier than my mobile phone.\n",
            expected: "Here is another email\n\nSent from my desk, is much easier than my mobile phone."),
        Row(
            name: "To and Subject lines in the author's own text are not a header block",
            text: "To: all ward staff\nSubject: the printer\nIt jams on every second page.\n",
            expected: "To: all ward staff\nSubject: the printer\nIt jams on every second page."),
    ]

    @Test(arguments: attributions + headerBlocks + separators + shapes)
    func trims(row: Row) {
        #expect(QuotedReply.trim(row.text) == row.expected, "\(row.name)")
    }

    /// Across every row: the author's own first line always survives.
    @Test func theAuthorsWordsAreAlwaysKept() {
        for row in Self.attributions + Self.headerBlocks + Self.separators {
            #expect(QuotedReply.trim(row.text).contains(Self.mine), "\(row.name)")
        }
    }
}
