import Foundation

/// A configured length of time written as `90s`, `15m`, `2h` or `3d`.
public struct TimeSpan: Sendable, Hashable, Codable, CustomStringConvertible {
    public let seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    /// Parses `N` followed by `s`, `m`, `h`, `d` or `w`; nil for anything else (`15x`, `-3m`, `m`).
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let count = Int(trimmed.dropLast()), count >= 0,
            trimmed.dropLast().allSatisfy(\.isNumber)
        else { return nil }
        let factor: Int
        switch unit {
        case "s": factor = 1
        case "m": factor = 60
        case "h": factor = 3600
        case "d": factor = 86_400
        case "w": factor = 604_800
        default: return nil
        }
        seconds = count * factor
    }

    public var minutes: Int { seconds / 60 }
    public var timeInterval: TimeInterval { TimeInterval(seconds) }

    public var description: String {
        for (factor, unit) in [(604_800, "w"), (86_400, "d"), (3600, "h"), (60, "m")]
        where seconds % factor == 0 && seconds > 0 {
            return "\(seconds / factor)\(unit)"
        }
        return "\(seconds)s"
    }
}
