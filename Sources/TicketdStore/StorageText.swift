import Foundation

extension Date {
    /// The text GRDB stores for a date: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, milliseconds rounded
    /// (half up) as its ICU DateFormatter does. Computed with integer arithmetic: GRDB's formatter costs
    /// more than the insert the date goes into. Every date ticketd binds goes through this, so
    /// stored dates keep comparing as text; GRDB still parses them back.
    var storageText: String {
        let milliseconds = Int64((timeIntervalSince1970 * 1000 + 0.5).rounded(.down))
        let (days, millisecondOfDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, millisecond) =
            millisecondOfDay < 0 ? (days - 1, millisecondOfDay + 86_400_000) : (days, millisecondOfDay)
        // Howard Hinnant's civil_from_days.
        let shifted = day + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let seconds = millisecond / 1000
        var bytes = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int64, _ width: Int, at offset: Int) {
            var rest = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(year, 4, at: 0)
        bytes[4] = UInt8(ascii: "-")
        put(month, 2, at: 5)
        bytes[7] = UInt8(ascii: "-")
        put(dayOfMonth, 2, at: 8)
        bytes[10] = UInt8(ascii: " ")
        put(seconds / 3600, 2, at: 11)
        bytes[13] = UInt8(ascii: ":")
        put(seconds / 60 % 60, 2, at: 14)
        bytes[16] = UInt8(ascii: ":")
        put(seconds % 60, 2, at: 17)
        bytes[19] = UInt8(ascii: ".")
        put(millisecond % 1000, 3, at: 20)
        return String(decoding: bytes, as: UTF8.self)
    }
}
