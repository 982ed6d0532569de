/// Someone named on a ticket: a display name and an address.
public struct Person: Sendable, Hashable, Codable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}
