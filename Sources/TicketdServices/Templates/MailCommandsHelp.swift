import TicketdCore

/// The commands an analyst may write, as mails list them: one per line.
enum MailCommandsHelp {
    static let text = MailCommands.supported.map { "  \($0)" }.joined(separator: "\n")
}
