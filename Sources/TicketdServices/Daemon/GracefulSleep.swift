import Foundation
import ServiceLifecycle

/// Sleeps `seconds`, or less when a graceful shutdown begins: the services' waits between rounds
/// never delay a SIGTERM.
func sleepUnlessShuttingDown(_ seconds: TimeInterval) async {
    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
}
