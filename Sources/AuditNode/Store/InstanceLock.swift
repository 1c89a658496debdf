#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An exclusive advisory lock (`flock`) on `<database>.lock`: one node process per event store.
/// The kernel releases it when the process dies, so `kill -9` never leaves a stale lock.
public final class InstanceLock: Sendable {
    private let fd: Int32
    /// The lock file path.
    public let path: String

    /// Takes the lock or throws `StoreError` naming the file when another process holds it.
    public init(path: String) throws(StoreError) {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError(.lockUnavailable, "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw StoreError(.lockUnavailable,
                             "another qsp-audit-node process is using this event store (lock \(path)); stop it or use another evt_db_path")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// An event-store failure.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case lockUnavailable, illegalTransition, notFound, database }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// Another process holds the database lock.
        public static let lockUnavailable = Code(.lockUnavailable)
        /// A status change that the state machine forbids.
        public static let illegalTransition = Code(.illegalTransition)
        /// No such row.
        public static let notFound = Code(.notFound)
        /// SQLite failed.
        public static let database = Code(.database)
        public var description: String { "\(base)" }
    }

    /// The code; equality is on it.
    public var code: Code
    /// What happened and what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
    public var description: String { "event store: \(message)" }
}
