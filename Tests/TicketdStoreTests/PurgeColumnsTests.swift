import Foundation
import GRDB
import Testing

@testable import TicketdStore

/// Every text column of the store is on the purge's list: a new one that is not fails here.
@Suite struct PurgeColumnsTests {
    @Test func everyTextColumnHasATreatment() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("purge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TicketStore(path: directory.appendingPathComponent("t.sqlite").path)
        let columns = try store.read { session in
            try Row.fetchAll(
                session.db,
                sql: """
                    SELECT m.name AS tbl, p.name AS col FROM sqlite_master m, pragma_table_info(m.name) p
                    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'grdb_%'
                      AND m.name NOT LIKE 'kb_search%' AND (p.type LIKE '%TEXT%' OR p.type = '')
                    """
            ).map { ($0["tbl"] as String, $0["col"] as String) }
        }
        #expect(columns.count > 40)
        for (table, column) in columns {
            #expect(PurgeColumns.treatments[table]?[column] != nil, "\(table).\(column) is not on the purge's list")
        }
        // Every table with a cleared column is updated by the purge.
        let cleared = Set(
            PurgeColumns.treatments.filter {
                $0.value.values.contains { if case .cleared = $0 { true } else { false } }
            }
            .keys)
        #expect(Set(PurgeColumns.clearedTables.map(\.0)) == cleared)
    }
}
