import Foundation

#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writes files whose loss in a crash costs nothing — an audit's copy of the contract in its workspace, the
/// convenience copy of a report that is kept in the event store anyway — without flushing them to disk. Foundation's
/// `Data.write(to:)` calls `fsync` on every file it writes: milliseconds on a virtual disk, on whatever thread
/// writes (measured: 4 % of the node's CPU in the throughput benchmark, on the cooperative pool).
public enum ScratchFile {
    /// Why a scratch file could not be written.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        /// The path.
        public let path: String
        /// The failed step and the system's reason.
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Creates (or truncates) `path` with `permissions` and writes `data` to it.
    public static func write(_ data: Data, to path: String, permissions: mode_t = 0o600) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw WriteError(path: path, reason: "open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var failure: String?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "write: \(String(cString: strerror(errno)))"
                    return
                }
                offset += written
            }
        }
        if let failure { throw WriteError(path: path, reason: failure) }
    }

    /// Writes `data` to a temporary file next to `path` and renames it over `path`: readers see the old file or
    /// the new one, never a torn one (but a crash may lose the new one).
    public static func replace(_ path: String, with data: Data, permissions: mode_t = 0o644) throws(WriteError) {
        let temporary = (path as NSString).deletingLastPathComponent + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        try write(data, to: temporary, permissions: permissions)
        guard rename(temporary, path) == 0 else {
            let reason = "rename: \(String(cString: strerror(errno)))"
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
    }
}
