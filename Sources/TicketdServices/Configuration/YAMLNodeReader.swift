import Foundation
import TicketdCore
import Yams

/// Reads a YAML node tree key by key, collecting every problem with its key path instead of
/// stopping at the first (Yams' `Decodable` stops at the first error and ignores unknown keys).
final class YAMLNodeReader {
    private(set) var issues: [ConfigIssue] = []

    func report(_ path: String, _ message: String) {
        issues.append(ConfigIssue(path: path, message: message))
    }

    /// The mapping's entries by key; keys outside `allowed` are reported as unknown.
    func mapping(_ node: Node?, at path: String, allowed: Set<String>? = nil) -> [(key: String, value: Node)] {
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            report(path, "expected a mapping (key: value), found \(describe(node))")
            return []
        }
        var entries: [(key: String, value: Node)] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            if let allowed, !allowed.contains(key) {
                let suggestion =
                    allowed.min { distance(key, $0) < distance(key, $1) }
                    .flatMap { distance(key, $0) <= 3 ? " (did you mean \"\($0)\"?)" : nil } ?? ""
                report(join(path, key), "unknown key\(suggestion)")
                continue
            }
            entries.append((key, value))
        }
        return entries
    }

    func string(_ node: Node, at path: String) -> String? {
        guard let scalar = node.scalar else {
            report(path, "expected a single value, found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    func int(_ node: Node, at path: String, minimum: Int = 0) -> Int? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Int(text), value >= minimum else {
            report(path, "\"\(text)\" is not a whole number of at least \(minimum)")
            return nil
        }
        return value
    }

    func double(_ node: Node, at path: String) -> Double? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Double(text) else {
            report(path, "\"\(text)\" is not a number")
            return nil
        }
        return value
    }

    func bool(_ node: Node, at path: String) -> Bool? {
        guard let text = string(node, at: path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report(path, "\"\(text)\" is not true or false")
            return nil
        }
    }

    func duration(_ node: Node, at path: String) -> TimeSpan? {
        guard let text = string(node, at: path) else { return nil }
        guard let span = TimeSpan(text) else {
            report(path, "\"\(text)\" is not a duration (write 90s, 15m, 2h or 3d)")
            return nil
        }
        return span
    }

    /// `80%` or `0.8` → 0.8.
    func fraction(_ node: Node, at path: String) -> Double? {
        guard let text = string(node, at: path) else { return nil }
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, value > 0, value < 1 else {
            report(path, "\"\(text)\" is not a share between 0% and 100% (write 80%)")
            return nil
        }
        return value
    }

    /// `25MB`, `512KB`, `1GB` or a byte count.
    func byteSize(_ node: Node, at path: String) -> Int? {
        guard let text = string(node, at: path)?.uppercased().replacingOccurrences(of: " ", with: "") else {
            return nil
        }
        let units: [(String, Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            if let count = Int(text.dropLast(unit.count)), count > 0 { return count * factor }
        }
        if let count = Int(text), count > 0 { return count }
        report(path, "\"\(text)\" is not a size (write 25MB)")
        return nil
    }

    func priority(_ node: Node, at path: String) -> Priority? {
        guard let text = string(node, at: path) else { return nil }
        guard let priority = Priority(rawValue: text.lowercased()) else {
            report(path, "\"\(text)\" is not a priority (critical, high, medium, low)")
            return nil
        }
        return priority
    }

    /// A list of single values; a lone value counts as a list of one.
    func stringList(_ node: Node, at path: String) -> [String] {
        if node.scalar != nil { return string(node, at: path).map { [$0] } ?? [] }
        guard let sequence = node.sequence else {
            report(path, "expected a list, found \(describe(node))")
            return []
        }
        return sequence.enumerated().compactMap { string($1, at: "\(path)[\($0)]") }
    }

    func sequence(_ node: Node, at path: String) -> [Node] {
        guard let sequence = node.sequence else {
            report(path, "expected a list, found \(describe(node))")
            return []
        }
        return Array(sequence)
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
