import Foundation
import Logging
import QSPCore
import Synchronization

/// A swift-log handler writing one JSON object per line: `ts`, `level`, `label`, `msg` and every metadata key
/// (`request_id`, `tx_hash`, `block`, …) at the top level. Every string that goes out passes the handler's
/// ``SecretRedactor`` first, so no secret reaches a log line at any level (TRACE included).
public struct JSONLogHandler: LogHandler {
    /// Where lines go (stdout by default; tests capture them).
    public struct Sink: Sendable {
        let write: @Sendable (String) -> Void
        /// A sink calling `write` with each line (without the newline).
        public init(write: @escaping @Sendable (String) -> Void) { self.write = write }
        /// Standard output, one line per write, serialized.
        public static let standardOutput: Sink = {
            let lock = Mutex(())
            return Sink { line in
                lock.withLock { _ in
                    FileHandle.standardOutput.write(Data((line + "\n").utf8))
                }
            }
        }()
    }

    private let label: String
    private let sink: Sink
    private let redactor: SecretRedactor
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler for `label`.
    public init(label: String, level: Logger.Level = .info, sink: Sink = .standardOutput, redactor: SecretRedactor = .none) {
        self.label = label
        self.logLevel = level
        self.sink = sink
        self.redactor = redactor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(level: event.level, message: event.message, metadata: event.metadata, error: event.error)
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        write(level: level, message: message, metadata: explicit, error: nil)
    }

    private func write(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, error: (any Error)?) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit { merged.merge(explicit) { _, new in new } }
        var fields: [String: JSONValue] = [
            "ts": .string(Self.timestamp()),
            "level": .string(level.rawValue),
            "label": .string(label),
            "msg": .string(redactor.redact(message.description)),
        ]
        if let error { fields["error"] = .string(redactor.redact("\(error)")) }
        for (key, value) in merged where fields[key] == nil {
            fields[key] = Self.json(value, redactor)
        }
        // Keys sorted, as operators' log pipelines have always seen them; QSPCore's writer (no Foundation bridging:
        // this runs for every line, and `JSONSerialization` was the node's largest CPU cost per request).
        let line = JSONValue.object(JSONObject(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        sink.write(JSONWriter.string(line))
    }

    static func json(_ value: Logger.Metadata.Value, _ redactor: SecretRedactor = .none) -> JSONValue {
        switch value {
        case .string(let s): return .string(redactor.redact(s))
        case .stringConvertible(let c): return .string(redactor.redact(c.description))
        case .array(let a): return .array(a.map { json($0, redactor) })
        case .dictionary(let d): return .object(JSONObject(d.sorted { $0.key < $1.key }.map { ($0.key, json($0.value, redactor)) }))
        }
    }

    /// UTC with milliseconds (`2026-12-07T05:51:38.459Z`).
    static func timestamp(_ date: Date = Date()) -> String {
        let since1970 = date.timeIntervalSince1970
        var seconds = time_t(since1970.rounded(.down))
        var millis = Int(((since1970 - Double(seconds)) * 1000).rounded(.down))
        if millis >= 1000 { seconds += 1; millis -= 1000 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
