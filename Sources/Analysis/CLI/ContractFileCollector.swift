import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands the command-line paths into contract files and reads them with clear errors.
enum ContractFileCollector {
    /// Largest contract file accepted (bytes).
    static let maxFileBytes = 10 * 1024 * 1024

    /// Files as given, and `.sol` files under directories (recursively, sorted).
    static func collect(_ paths: [String]) throws(AnalysisError) -> [String] {
        guard !paths.isEmpty else {
            throw AnalysisError(.invalidInput, "no contract given: name .sol files or directories, or use --address with --rpc")
        }
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                let code = errno
                switch code {
                case ENOENT: throw AnalysisError(.invalidInput, "no such file or directory: \(path)")
                case ELOOP: throw AnalysisError(.invalidInput, "cannot read \(path): too many levels of symbolic links (a symlink loop)")
                default: throw AnalysisError(.invalidInput, "cannot read \(path): \(String(cString: strerror(code)))")
                }
            }
            guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFDIR) else {
                files.append(path)
                continue
            }
            guard access(path, R_OK | X_OK) == 0, let enumerator = manager.enumerator(atPath: path) else {
                throw AnalysisError(.invalidInput, "cannot read directory \(path): \(String(cString: strerror(errno)))")
            }
            // Dependencies are context for imports, not audited: `node_modules/` anywhere, and `lib/` at the root of a
            // Foundry project (foundry.toml or remappings.txt).
            let isFoundry = ["foundry.toml", "remappings.txt"].contains { manager.fileExists(atPath: path + "/" + $0) }
            var found: [String] = []
            while let entry = enumerator.nextObject() as? String {
                let components = entry.split(separator: "/")
                if components.contains("node_modules") || (isFoundry && components.first == "lib") || components.first == ".git" {
                    enumerator.skipDescendants()
                    continue
                }
                if entry.hasSuffix(".sol") { found.append("\(path.hasSuffix("/") ? String(path.dropLast()) : path)/\(entry)") }
            }
            guard !found.isEmpty else {
                throw AnalysisError(.invalidInput, "no .sol files under \(path)")
            }
            files += found.sorted()
        }
        return files
    }

    /// Reads a `--baseline` SARIF file (at most 64 MiB).
    static func readBaseline(_ path: String) throws(AnalysisError) -> Data {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular, let size = (attributes?[.size] as? NSNumber)?.intValue,
              let data = FileManager.default.contents(atPath: path) else {
            throw AnalysisError(.invalidInput, "cannot read the baseline \(path): write it first with 'audit --format sarif --output DIR' (a regular file)")
        }
        guard size <= 64 * 1_048_576 else {
            throw AnalysisError(.invalidInput, "the baseline \(path) is larger than 64 MiB")
        }
        return data
    }

    /// Reads one contract: must be a regular file of at most 10 MiB of UTF-8 text without NUL bytes.
    static func read(_ path: String) throws(AnalysisError) -> Data {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue else {
            throw AnalysisError(.invalidInput, "cannot read \(path)")
        }
        guard size <= maxFileBytes else {
            let megabytes = String(format: "%.1f", Double(size) / 1_048_576)
            throw AnalysisError(.invalidInput, "\(path) is \(megabytes) MB; contracts larger than \(maxFileBytes / 1_048_576) MB are not audited")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalysisError(.invalidInput, "cannot read \(path): permission denied or not a regular file")
        }
        guard !data.contains(0), String(validating: data, as: UTF8.self) != nil else {
            throw AnalysisError(.invalidInput, "\(path) is not a Solidity source (binary or non-UTF-8 content)")
        }
        return data
    }
}
