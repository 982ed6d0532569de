import Synchronization

/// The daemon's current runtime, replaced as a whole when SIGHUP reloads a good configuration.
/// Services read it at the top of every round; `generation` tells connections to reconnect.
public final class RuntimeHolder: Sendable {
    private let state: Mutex<(runtime: TicketdRuntime, generation: Int)>

    public init(_ runtime: TicketdRuntime) {
        state = Mutex((runtime, 0))
    }

    public var current: (runtime: TicketdRuntime, generation: Int) { state.withLock { $0 } }

    public func replace(with runtime: TicketdRuntime) {
        state.withLock { $0 = (runtime, $0.generation + 1) }
    }
}
