import Foundation
import QSPCore

/// A private temporary directory for one audit, removed when the audit ends.
struct TemporaryWorkspace: Sendable {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        let directory = "\(base)/qsp-audit-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        path = directory
    }

    /// Writes `data` under a sanitized version of `name` and returns the full path.
    func write(_ data: Data, named name: String) throws -> String {
        let file = "\(path)/\(Self.safeFileName(name))"
        // A scratch copy: no fsync (Foundation's write flushes every file to disk).
        try ScratchFile.write(data, to: file, permissions: 0o644)
        return file
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Keeps letters, digits, `.`, `-` and `_`; never empty, never a dot file, at most 100 characters.
    static func safeFileName(_ name: String) -> String {
        let base = name.split(separator: "/").last.map(String.init) ?? ""
        var cleaned = String(base.unicodeScalars.map { scalar in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || "._-".unicodeScalars.contains(scalar)
                ? Character(scalar) : "_"
        })
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.isEmpty { cleaned = "contract.sol" }
        return String(cleaned.suffix(100))
    }
}
