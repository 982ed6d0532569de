/// A throwaway server that could not be started or stopped.
public struct TestServerError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
