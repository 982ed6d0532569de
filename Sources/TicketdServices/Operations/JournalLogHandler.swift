import Foundation
import Logging

/// A log handler for stderr that journald understands: with `JOURNAL_STREAM` set (systemd
/// connected stderr to the journal), each line starts with its syslog priority `<N>` and
/// carries no timestamp of its own; otherwise lines look like swift-log's stream handler.
/// Metadata goes after the message as `key=value` pairs, sorted.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let journal: Bool

    public init(label: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        journal = environment["JOURNAL_STREAM"] != nil
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let pairs = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = "\(label): \(event.message)" + (pairs.isEmpty ? "" : " \(pairs)")
        let line: String
        if journal {
            line = "<\(Self.syslogPriority(event.level))>\(text.replacingOccurrences(of: "\n", with: " "))\n"
        } else {
            line = "\(JSONOutput.rfc3339(Date())) \(event.level) \(text)\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// sd-daemon(3) priorities: 7 debug … 2 critical.
    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }
}
