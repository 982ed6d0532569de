import Foundation

/// The small grammar of calendar keys: weekdays (`mon`, `mon-fri`), times (`08:00`),
/// intervals (`08:00-17:00`, overnight `22:00-06:00`) and dates (`2026-12-25`).
public enum WeekdaySpec {
    static let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The weekdays a spec names, as ISO numbers 1 (Monday) … 7 (Sunday); nil when invalid.
    public static func parse(_ spec: String) -> [Int]? {
        var days: [Int] = []
        for piece in spec.lowercased().split(separator: ",") {
            let bounds = piece.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard bounds.count == 1 || bounds.count == 2,
                let first = names.firstIndex(of: bounds[0]), let last = names.firstIndex(of: bounds[bounds.count - 1])
            else { return nil }
            var day = first
            while true {
                days.append(day + 1)
                if day == last { break }
                day = (day + 1) % 7
            }
        }
        return days.isEmpty ? nil : days
    }

    /// Minutes after midnight for `HH:MM` (24:00 allowed as the end of a day).
    public static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]),
            let minutes = Int(parts[1]), (0...24).contains(hours), (0..<60).contains(minutes),
            hours * 60 + minutes <= 1440
        else { return nil }
        return hours * 60 + minutes
    }

    /// `HH:MM-HH:MM` with distinct ends (an end before the start is an overnight shift).
    public static func isValidInterval(_ interval: String) -> Bool {
        let ends = interval.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard ends.count == 2, let start = minutes(ends[0]), let end = minutes(ends[1]) else { return false }
        return start != end
    }

    public static func isValidDate(_ text: String) -> Bool {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return text.count == 10 && formatter.date(from: text) != nil
    }
}
