import Foundation
import GRDB
import PropertyBased
import Testing

@testable import TicketdStore

/// Dates are bound as `storageText`, written without GRDB's DateFormatter; it must write exactly
/// what GRDB writes, or stored dates stop comparing as text with older rows.
@Suite struct StorageTextTests {
    static func grdbText(_ date: Date) -> String? { String.fromDatabaseValue(date.databaseValue) }

    @Test(arguments: [
        0.0, -0.0005, 1_795_000_000, 1_795_000_000.999_9, 951_782_400,  // 2000-02-29
        4_107_542_399.999, -86_400.25, 1_700_000_000.123_456, 253_402_300_799.4, 1_795_000_000.000_5,
        1_795_000_000.000_499,  // 9999-12-31
    ])
    func matchesGRDB(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(date.storageText == Self.grdbText(date))
    }

    @Test func matchesGRDBOnRandomInstants() async {
        await propertyCheck(input: Gen.int(in: -2_000_000_000_000...10_000_000_000_000), Gen.int(in: 0...999)) {
            milliseconds, micro in
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000 + Double(micro) / 1_000_000)
            #expect(date.storageText == Self.grdbText(date))
        }
    }

    @Test func readsBackAsTheSameMillisecond() throws {
        let date = Date(timeIntervalSince1970: 1_795_000_123.456)
        let back = Date.fromDatabaseValue(date.storageText.databaseValue)
        #expect(abs(back!.timeIntervalSince(date)) < 0.000_5)
    }
}
