import Foundation
import TicketdMIME

/// The JSON the CLI prints: RFC 3339 times in UTC with `Z`, sorted keys, pretty-printed.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(rfc3339(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `2026-11-23T20:01:03Z`, from UTC calendar fields (an ISO8601DateFormatter per call costs
    /// more than the rest of an SLA notice).
    public static func rfc3339(_ date: Date) -> String {
        let parts = DateText.utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let two = { (value: Int?) in DateText.padded(value) }
        return
            "\(DateText.padded(parts.year ?? 1970, 4))-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))Z"
    }

    /// Parses `2026-11-23T20:01:03Z` (or with an offset); nil otherwise.
    public static func parseRFC3339(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
