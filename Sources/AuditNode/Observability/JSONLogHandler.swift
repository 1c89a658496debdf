import Foundation
import Logging
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
        var object: [String: Any] = [
            "ts": Self.timestamp(),
            "level": level.rawValue,
            "label": label,
            "msg": redactor.redact(message.description),
        ]
        if let error { object["error"] = redactor.redact("\(error)") }
        for (key, value) in merged where object[key] == nil {
            object[key] = Self.json(value, redactor)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else { return }
        sink.write(text)
    }

    static func json(_ value: Logger.Metadata.Value, _ redactor: SecretRedactor = .none) -> Any {
        switch value {
        case .string(let s): return redactor.redact(s)
        case .stringConvertible(let c): return redactor.redact(c.description)
        case .array(let a): return a.map { json($0, redactor) }
        case .dictionary(let d): return d.mapValues { json($0, redactor) }
        }
    }

    static func timestamp() -> String {
        let formatter = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return Date().formatted(formatter)
    }
}
