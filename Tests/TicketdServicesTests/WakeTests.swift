import Foundation
import Testing

@testable import TicketdServices

/// The nudge between services: early on a signal, on time without one, nothing lost in between.
@Suite struct WakeTests {
    @Test func aSignalWakesAWaiterAtOnceAndIsKeptWhenNobodyWaits() async throws {
        let wake = Wake()
        var started = Date()
        await wake.wait(upTo: 0.3)
        #expect(Date().timeIntervalSince(started) >= 0.25, "without a signal the wait runs its course")
        wake.signal()
        started = Date()
        await wake.wait(upTo: 10)
        #expect(Date().timeIntervalSince(started) < 1, "a signal given before the wait is kept")
        let signaller = Task {
            try await Task.sleep(for: .milliseconds(200))
            wake.signal()
        }
        started = Date()
        await wake.wait(upTo: 10)
        #expect(Date().timeIntervalSince(started) < 5, "a signal during the wait ends it")
        try await signaller.value
        for _ in 0..<50 {
            wake.signal()
            await wake.wait(upTo: 10)
        }
    }
}
