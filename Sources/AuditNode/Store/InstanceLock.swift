#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One node process per event store. Two exclusive advisory locks (`flock`), both on the database's real
/// location, so no other name of the same database gets past them:
/// - `<real path of the database>.lock`, the symlinks of the database path resolved (a second node given a
///   symlink to the first node's database finds the same lock file);
/// - the database file itself (its inode: also covers hard links and bind mounts). `flock` locks are independent
///   of SQLite's own `fcntl` locks on Linux, so SQLite is unaffected.
/// The kernel releases both when the process dies, so `kill -9` never leaves a stale lock.
public final class InstanceLock: Sendable {
    private let descriptors: [Int32]
    /// The lock file path (of the resolved database path).
    public let path: String
    /// The database path with symlinks resolved.
    public let databasePath: String

    /// Takes the locks for the database whose lock file is `path` (`<database>.lock`, as `EventStore` passes it;
    /// a path without that suffix is taken as the lock file itself). Throws `StoreError` naming both paths when
    /// another process holds them.
    public init(path: String) throws(StoreError) {
        let database = path.hasSuffix(".lock") ? String(path.dropLast(".lock".count)) : path
        let resolved = InstanceLock.resolve(database)
        let lockPath = path.hasSuffix(".lock") ? resolved + ".lock" : path
        self.databasePath = resolved
        self.path = lockPath
        var taken: [Int32] = []
        let files = path.hasSuffix(".lock") ? [(lockPath, "lock file"), (resolved, "database")] : [(lockPath, "lock file")]
        for (file, what) in files {
            let fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                for descriptor in taken { close(descriptor) }
                throw StoreError(.lockUnavailable, "cannot open the \(what) \(file): \(reason)")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                for descriptor in taken { close(descriptor) }
                let alias = resolved == database ? "" : " (\(database) is another name of \(resolved))"
                throw StoreError(.lockUnavailable,
                                 "another qsp-audit-node process is using this event store\(alias) (lock \(file)); stop it or use another evt_db_path")
            }
            taken.append(fd)
        }
        if let fd = taken.first {
            let pid = "\(getpid())\n"
            _ = ftruncate(fd, 0)
            _ = pid.withCString { write(fd, $0, strlen($0)) }
        }
        self.descriptors = taken
    }

    /// `path` with every symlink resolved (of the path itself when it exists, else of its directory).
    static func resolve(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        guard let real = realpath(directory, nil) else { return path }
        defer { free(real) }
        return String(cString: real) + "/" + url.lastPathComponent
    }

    deinit {
        for fd in descriptors {
            flock(fd, LOCK_UN)
            close(fd)
        }
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
