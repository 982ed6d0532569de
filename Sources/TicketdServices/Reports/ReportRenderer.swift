import Foundation
import TicketdCore

/// A `HelpDeskReport` as a person reads it: a table, CSV (`figure,key,value`), or one
/// self-contained HTML page (no scripts, no external files) with inline SVG bar charts that
/// reads the same in a mail client and a browser.
public enum ReportRenderer {
    public static func table(_ report: HelpDeskReport) -> String {
        var lines = ["Report \(JSONOutput.rfc3339(report.from)) .. \(JSONOutput.rfc3339(report.to))"]
        var figure = ""
        for row in report.rows {
            if row.figure != figure {
                figure = row.figure
                lines.append(row.key.isEmpty ? "\(figure): \(row.value.isEmpty ? "-" : row.value)" : "\(figure):")
                if row.key.isEmpty { continue }
            }
            if !row.key.isEmpty { lines.append("    \(row.key): \(row.value.isEmpty ? "-" : row.value)") }
        }
        return lines.joined(separator: "\n")
    }

    public static func csv(_ report: HelpDeskReport) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return (["figure,key,value"] + report.rows.map { "\(field($0.figure)),\(field($0.key)),\(field($0.value))" })
            .joined(separator: "\n") + "\n"
    }

    public static func html(_ report: HelpDeskReport, title: String) -> String {
        func number(_ value: Double?, _ digits: Int = 1) -> String {
            value.map { String(format: "%.\(digits)f", $0) } ?? "–"
        }
        let compliance = report.slaCompliance.sorted { $0.key < $1.key }.flatMap { priority, clocks in
            clocks.sorted { $0.key < $1.key }.map { clock, counts in
                ("\(priority) \(clock.replacingOccurrences(of: "_", with: " "))", counts)
            }
        }
        var body = """
            <h1>\(escape(title))</h1>
            <p class="window">\(escape(JSONOutput.rfc3339(report.from))) to \(escape(JSONOutput.rfc3339(report.to)))</p>
            <table class="figures">
            <tr><th>Tickets opened</th><td>\(report.ticketsCreated)</td><th>Resolved</th><td>\(report.ticketsResolved)</td></tr>
            <tr><th>MTTR mean</th><td>\(number(report.mttrMinutes.mean)) min</td><th>median / p90</th><td>\(number(report.mttrMinutes.median)) / \(number(report.mttrMinutes.p90)) min</td></tr>
            <tr><th>MTTR business mean</th><td>\(number(report.mttrMinutes.businessMean)) min</td><th>First-contact resolution</th><td>\(percent(report.firstContactResolutionRate))</td></tr>
            <tr><th>Reassignments</th><td>\(report.reassignments)</td><th>Repeated incidents</th><td>\(report.repeatedIncidents)</td></tr>
            <tr><th>Self-service</th><td>\(report.selfServiceResolutions)</td><th>Satisfaction</th><td>\(number(report.satisfaction.average, 2)) of 5 (\(report.satisfaction.count) ratings, \(percent(report.satisfaction.responseRate)) answered)</td></tr>
            </table>

            """
        body += chart(
            "Volume by week", report.volumeByWeek.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) })
        body += chart(
            "Volume by category", report.volumeByCategory.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) })
        body += chart(
            "Resolution time (minutes)",
            [
                ("mean", report.mttrMinutes.mean ?? 0), ("median", report.mttrMinutes.median ?? 0),
                ("p90", report.mttrMinutes.p90 ?? 0), ("business mean", report.mttrMinutes.businessMean ?? 0),
            ])
        body += chart(
            "Resolution time by priority (mean minutes)",
            Priority.allCases.compactMap { priority in
                report.mttrByPriority[priority.rawValue].map { (priority.rawValue, $0) }
            })
        body += stackedChart("SLA compliance", compliance)
        body += chart(
            "Backlog by age", HelpDeskReport.ageBuckets.map { ($0, Double(report.backlogByAge[$0] ?? 0)) })
        body += chart(
            "Closed per analyst", report.closedByAnalyst.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) })
        body += chart(
            "Reassigned per analyst (taken from them)",
            report.reassignedByAnalyst.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) })
        body += chart(
            "Escalations into tier",
            report.escalations.sorted { $0.key < $1.key }.map { ("tier \($0.key)", Double($0.value)) })
        body += "<h2>Problems</h2>\n"
        body +=
            report.problems.isEmpty
            ? "<p class=\"window\">None opened in this window.</p>\n"
            : "<table class=\"figures\">\n<tr><th>Problem</th><th>Linked incidents</th></tr>\n"
                + report.problems.map { "<tr><td>#\($0.id) \(escape($0.title))</td><td>\($0.children)</td></tr>\n" }
                .joined() + "</table>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; color: #222; max-width: 760px; margin: 24px auto; padding: 0 12px; }
            h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
            .window { color: #666; margin-top: 0; }
            table.figures { border-collapse: collapse; width: 100%; }
            table.figures th, table.figures td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #ddd; font-size: 14px; }
            table.figures th { color: #555; font-weight: normal; }
            </style></head><body>
            \(body)
            </body></html>

            """
    }

    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.0f%%", $0 * 100) } ?? "–"
    }

    /// HTML text: `&`, `<`, `>` and quotes escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A horizontal bar chart as inline SVG (or a line saying there is nothing to show).
    static func chart(_ title: String, _ bars: [(String, Double)]) -> String {
        var out = "<h2>\(escape(title))</h2>\n"
        guard !bars.isEmpty, let top = bars.map(\.1).max(), top > 0 else {
            return out + "<p class=\"window\">Nothing in this window.</p>\n"
        }
        let rowHeight = 24
        let height = bars.count * rowHeight + 8
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(title))\">\n"
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            let width = max(2, Int(bar.1 / top * 440))
            out +=
                "<text x=\"0\" y=\"\(y + 16)\" font-size=\"13\" fill=\"#333\">\(escape(String(bar.0.prefix(28))))</text>"
            out += "<rect x=\"200\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\" fill=\"#3b73b9\"/>"
            out += "<text x=\"\(206 + width)\" y=\"\(y + 16)\" font-size=\"13\" fill=\"#333\">\(format(bar.1))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Met, breached and running side by side per priority and clock.
    static func stackedChart(_ title: String, _ rows: [(String, HelpDeskReport.Compliance)]) -> String {
        var out = "<h2>\(escape(title))</h2>\n"
        let totals = rows.map { $0.1.met + $0.1.breached + $0.1.running }
        guard let top = totals.max(), top > 0 else { return out + "<p class=\"window\">Nothing in this window.</p>\n" }
        let rowHeight = 24
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"\(rows.count * rowHeight + 30)\" role=\"img\" aria-label=\"\(escape(title))\">\n"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 4
            var x = 200
            out += "<text x=\"0\" y=\"\(y + 16)\" font-size=\"13\" fill=\"#333\">\(escape(row.0))</text>"
            for (count, color) in [(row.1.met, "#2e8b57"), (row.1.breached, "#c0392b"), (row.1.running, "#999999")]
            where count > 0 {
                let width = max(2, count * 320 / top)  // room after the bar for "N met, N breached, N running"
                out += "<rect x=\"\(x)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\" fill=\"\(color)\"/>"
                x += width
            }
            out +=
                "<text x=\"\(x + 6)\" y=\"\(y + 16)\" font-size=\"13\" fill=\"#333\">\(row.1.met) met, \(row.1.breached) breached, \(row.1.running) running</text>\n"
        }
        let legendY = rows.count * rowHeight + 22
        out += "<text x=\"200\" y=\"\(legendY)\" font-size=\"12\" fill=\"#2e8b57\">met</text>"
        out += "<text x=\"240\" y=\"\(legendY)\" font-size=\"12\" fill=\"#c0392b\">breached</text>"
        out += "<text x=\"310\" y=\"\(legendY)\" font-size=\"12\" fill=\"#777\">running</text>\n"
        return out + "</svg>\n"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
