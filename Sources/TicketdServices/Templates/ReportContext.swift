/// `report`: the weekly report mail (its HTML alternative carries the charts).
public struct ReportContext: TemplateContext, Equatable {
    /// The ISO week reported (`2026-W48`).
    public var week: String
    public var window: String
    /// The report as a table.
    public var table: String
    public var deskName: String

    public var templateName: String { "report" }

    public var placeholders: [String: String] {
        ["week": week, "window": window, "table": table, "deskName": deskName]
    }
}
