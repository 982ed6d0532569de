import TicketdCore

/// The commands an analyst may write, as mails list them.
enum MailCommandsHelp {
    static let text = MailCommands.supported.joined(separator: ", ")
}
