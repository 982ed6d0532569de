import Foundation
import GRDB

extension StoreSession {
    /// The earliest instant any running clock needs attention, found through the index.
    public func nextClockDue() throws -> Date? {
        try Date.fetchOne(
            db,
            sql: "SELECT next_check_at FROM sla_clocks WHERE next_check_at IS NOT NULL ORDER BY next_check_at LIMIT 1")
    }
}
