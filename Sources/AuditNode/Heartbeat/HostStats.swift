#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// CPU, memory and disk use of the host in percent (Linux `/proc` and `statvfs`); 0 where unavailable.
struct HostStats: Sendable {
    /// Cumulative CPU ticks from `/proc/stat` (busy, total).
    struct CPUSample: Sendable, Equatable {
        var busy: UInt64
        var total: UInt64
    }

    /// The current cumulative CPU counters, nil when `/proc/stat` cannot be read.
    static func cpuSample() -> CPUSample? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 4 else { return nil }
        let total = fields.prefix(8).reduce(0, +)
        let idle = fields[3] + (fields.count > 4 ? fields[4] : 0)
        return CPUSample(busy: total - idle, total: total)
    }

    /// CPU use between two samples, percent.
    static func cpuPercent(from old: CPUSample?, to new: CPUSample?) -> Double {
        guard let old, let new, new.total > old.total, new.busy >= old.busy else { return 0 }
        return Double(new.busy - old.busy) / Double(new.total - old.total) * 100
    }

    /// Memory in use (total − available), percent.
    static func memoryPercent() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return 0 }
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let value = Double(parts[1]) { values[String(parts[0].dropLast())] = value }
        }
        guard let total = values["MemTotal"], total > 0, let available = values["MemAvailable"] ?? values["MemFree"] else { return 0 }
        return (total - available) / total * 100
    }

    /// Disk use of the file system holding `path` (as `df` computes it), percent.
    static func diskPercent(path: String) -> Double {
        var existing = URL(fileURLWithPath: path)
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" { existing.deleteLastPathComponent() }
        var info = statvfs()
        guard statvfs(existing.path, &info) == 0 else { return 0 }
        let used = Double(info.f_blocks - info.f_bfree)
        let denominator = used + Double(info.f_bavail)
        return denominator > 0 ? used / denominator * 100 : 0
    }

    /// "hostname-pid", as the reference builds `processIdentifier`.
    static func processIdentifier() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown"
        return "\(host)-\(getpid())"
    }
}
