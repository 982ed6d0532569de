import Foundation
import TicketdTestSupport

// ticketd-sandbox: throwaway Dovecot IMAP and SMTP servers on 127.0.0.1 for the demo script.
//   ticketd-sandbox start STATE_FILE      starts both, writes shell variables to STATE_FILE
//   ticketd-sandbox deliver STATE_FILE F… drops mail files into the sandbox INBOX
//   ticketd-sandbox stop STATE_FILE       stops both and removes their directories

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ticketd-sandbox: \(message)\n".utf8))
    exit(2)
}

func readState(_ file: String) -> [String: String] {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { fail("cannot read \(file)") }
    var values: [String: String] = [:]
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: "=", maxSplits: 1)
        if parts.count == 2 {
            values[String(parts[0])] = String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
    }
    return values
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: ticketd-sandbox start|deliver|stop STATE_FILE [MAIL…]") }
let stateFile = arguments[2]
do {
    switch arguments[1] {
    case "start":
        let dovecot = try DovecotServer()
        let smtp = try SMTPSink()
        let state = """
            IMAP_URL='\(dovecot.url)'
            IMAP_USER='\(dovecot.username)'
            IMAP_PASSWORD='\(dovecot.password)'
            IMAP_DIR='\(dovecot.directory.path)'
            MAILDIR='\(dovecot.maildir)'
            SMTP_URL='\(smtp.url)'
            SMTP_DIR='\(smtp.directory.path)'

            """
        try state.write(toFile: stateFile, atomically: true, encoding: .utf8)
        print(state, terminator: "")
    case "deliver":
        let state = readState(stateFile)
        guard let maildir = state["MAILDIR"] else { fail("no MAILDIR in \(stateFile)") }
        var count = 0
        for file in arguments.dropFirst(3) {
            guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
            count += 1
            let name = "\(Int(Date().timeIntervalSince1970)).S\(count)P\(getpid()).sandbox"
            try data.write(to: URL(fileURLWithPath: "\(maildir)/new/\(name)"))
        }
        try ShellCommand.run("/bin/chown", ["-R", "nobody:nogroup", maildir])
        print("delivered \(count) mail(s)")
    case "stop":
        let state = readState(stateFile)
        if let directory = state["IMAP_DIR"] { DovecotServer.stop(directory: directory) }
        if let directory = state["SMTP_DIR"] { SMTPSink.stop(directory: directory) }
        try? FileManager.default.removeItem(atPath: stateFile)
        print("sandbox stopped")
    default:
        fail("unknown command \(arguments[1])")
    }
} catch {
    fail("\(error)")
}
