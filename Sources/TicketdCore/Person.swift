import TicketdMIME

/// Someone named on a ticket: a display name and an address — a mail address by another name,
/// so there is one person/address type (its name sanitised, its address compared in lower case).
public typealias Person = MailAddress
