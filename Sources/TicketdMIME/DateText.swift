import Foundation

/// The pieces dates are written from: a shared UTC calendar and zero-padded numbers. Mail
/// headers, JSON and notices write their dates from calendar fields like this, because a
/// DateFormatter per mail costs more than the rest of building it.
public enum DateText {
    /// The Gregorian calendar in UTC.
    public static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `value` with leading zeros to `width` digits (`7` → `07`); nil writes zeros.
    public static func padded(_ value: Int?, _ width: Int = 2) -> String {
        let digits = String(value ?? 0)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
