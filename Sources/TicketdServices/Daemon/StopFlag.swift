import Synchronization

/// A flag set once, from any thread, when the daemon is asked to stop: long blocking loops
/// check it between messages so that SIGTERM finishes the message in hand and no more.
public final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)

    public init() {}

    public func set() { value.store(true, ordering: .releasing) }

    public var isSet: Bool { value.load(ordering: .acquiring) }
}
