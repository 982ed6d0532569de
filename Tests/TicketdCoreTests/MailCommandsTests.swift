import Testing
import TicketdCore

/// The command block of an analyst's mail: each command, where the block ends, `#note` with
/// words on its line, and one failure naming the bad line.
@Suite struct MailCommandsTests {
    @Test(arguments: [
        ("#assign marsha", MailCommand.assign("marsha")),
        ("#Assign Me", .assign("Me")),
        ("#take", .take),
        ("#priority High", .priority(.high)),
        ("#category Operational Request", .category("Operational Request")),
        ("#status pending", .status(.pending)),
        ("#resolve", .resolve),
        ("#note", .note),
        ("#cc Carl <carl@clinic.example>", .cc("carl@clinic.example")),
        ("#cc carl@clinic.example", .cc("carl@clinic.example")),
        ("#uncc carl@clinic.example", .uncc("carl@clinic.example")),
        ("#link 97", .link(97)),
        ("#merge #97", .merge(97)),
        ("#step vendor 4h", .step(name: "vendor", minutes: 240)),
        ("#step vendor done", .step(name: "vendor", minutes: nil)),
        ("#for keisha@clinic.example", .forRequester("keisha@clinic.example")),
        ("#escalate needs a DBA", .escalate("needs a DBA")),
        ("#escalate", .escalate("")),
        ("  #take  ", .take),
    ])
    func eachCommand(_ line: String, _ expected: MailCommand) throws {
        let parsed = try MailCommands.parse(line + "\nHello").get()
        #expect(parsed.commands == [expected])
        #expect(parsed.text == "Hello")
    }

    @Test(arguments: [
        ("#assign", "#assign takes an analyst's name"),
        ("#priority urgent", "unknown priority \"urgent\""),
        ("#status new", "unknown status \"new\""),
        ("#status", "#status takes one of"),
        ("#resolve now please", "#resolve takes no argument"),
        ("#cc not-an-address", "is not a mail address"),
        ("#link abc", "\"abc\" is not a ticket number"),
        ("#merge 0", "is not a ticket number"),
        ("#step vendor soon", "\"soon\" is not a duration"),
        ("#step vendor", "#step takes a name and a duration"),
        ("#match", "#match takes the words"),
        ("#broadcast", "#broadcast takes a group"),
        ("#unlink 4", "#unlink takes no argument"),
        ("#frobnicate", "unknown command #frobnicate"),
        ("#asign marsha", "unknown command #asign"),
        ("#", "a command name must follow"),
        ("#category", "#category takes a category name"),
    ])
    func badLinesAreNamed(_ line: String, _ reason: String) {
        let text = "#priority high\n" + line + "\nHello"
        guard case .failure(let failure) = MailCommands.parse(text) else {
            Issue.record("\(line) was accepted")
            return
        }
        #expect(failure.lineNumber == 2)
        #expect(failure.line == line.trimmingCharacters(in: .whitespaces))
        #expect(failure.reason.contains(reason), "\(failure.reason)")
    }

    @Test func theBlockEndsAtTheFirstOtherLine() throws {
        let parsed = try MailCommands.parse(
            "\n#priority high\n\n#assign cindy\nHi Keisha,\n#take is not a command here"
        )
        .get()
        #expect(parsed.commands == [.priority(.high), .assign("cindy")])
        #expect(parsed.text == "Hi Keisha,\n#take is not a command here")
    }

    @Test func aMailWithoutCommandsKeepsItsText() throws {
        let text = "Please restart the client.\n#take"
        let parsed = try MailCommands.parse(text).get()
        #expect(parsed.commands.isEmpty)
        #expect(parsed.text == text)
        #expect(!parsed.isNote)
    }

    @Test func aNoteMayStartOnItsCommandLine() throws {
        let parsed = try MailCommands.parse("#note checked the database logs,\nnothing unusual.").get()
        #expect(parsed.isNote)
        #expect(parsed.text == "checked the database logs,\nnothing unusual.")
        let alone = try MailCommands.parse("#note\r\nThe vendor calls back at 3pm.").get()
        #expect(alone.isNote)
        #expect(alone.text == "The vendor calls back at 3pm.")
    }

    @Test func onBehalfOfIsRead() throws {
        let parsed = try MailCommands.parse("#for keisha@clinic.example\n#priority high\nKeisha called.").get()
        #expect(parsed.onBehalfOf == "keisha@clinic.example")
        #expect(parsed.commands.count == 2)
    }
}
