import Foundation
import Synchronization

/// Resolves `import` paths of Solidity sources to source text, so inherited contracts, modifiers and state from
/// other files are known to the analyzer.
public protocol SolidityImportResolver: Sendable {
    /// The resolved path and text of `importPath` as written in the file at `importer`, or nil when not found.
    func resolve(_ importPath: String, from importer: String) -> (path: String, source: String)?
}

/// A project on disk: the audited directory, with Foundry (`lib/`, `remappings.txt`) and Hardhat/npm
/// (`node_modules/`) layouts. Relative imports resolve against the importing file; others through the
/// remappings (longest prefix first), then the project root, `node_modules/` and `lib/`.
///
/// Parsed imported files are cached for the resolver's lifetime, so a directory audit parses each dependency once.
public struct SolidityProject: SolidityImportResolver {
    /// The project root (absolute, standardized).
    public let root: String
    /// `prefix=target` remappings, longest prefix first; targets are relative to the root unless absolute.
    public let remappings: [(prefix: String, target: String)]
    let cache: ImportedUnitCache
    /// The audited file's real path, for analyses that name it differently (the pipeline passes the bare file name).
    var anchor: (name: String, path: String)?

    /// Largest imported file read (bytes), like the audit's own limit.
    static let maximumFileBytes = 10 * 1024 * 1024

    /// A project rooted at `root`; reads `remappings.txt` there when present. `extraRemappings` come first.
    public init(root: String, extraRemappings: [String] = []) {
        let standardized = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = standardized
        var lines = extraRemappings
        if let text = try? String(contentsOfFile: standardized + "/remappings.txt", encoding: .utf8) {
            lines += text.split(whereSeparator: \.isNewline).map(String.init)
        }
        remappings = Self.parseRemappings(lines)
        cache = ImportedUnitCache()
    }

    /// The same project (sharing its parse cache) for auditing the file at `path` under the name `name`: relative
    /// imports of `name` resolve against `path`.
    public func anchored(name: String, path: String) -> SolidityProject {
        var copy = self
        copy.anchor = (name, URL(fileURLWithPath: path).standardizedFileURL.path)
        return copy
    }

    /// The nearest directory at or above `path` that looks like a project root (`foundry.toml`, `remappings.txt`,
    /// `hardhat.config.*`, `package.json`), or `path`'s own directory when there is none.
    public static func root(containing path: String) -> String {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        var url = URL(fileURLWithPath: path).standardizedFileURL
        if !(manager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            url = url.deletingLastPathComponent()
        }
        let start = url
        for _ in 0..<16 {
            for marker in ["foundry.toml", "remappings.txt", "hardhat.config.js", "hardhat.config.ts", "package.json"]
            where manager.fileExists(atPath: url.appendingPathComponent(marker).path) {
                return url.path
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return start.path
    }

    /// `[context:]prefix=target` lines (the context part is ignored); comments and blank lines skipped.
    static func parseRemappings(_ lines: [String]) -> [(prefix: String, target: String)] {
        var result: [(prefix: String, target: String)] = []
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            var prefix = String(line[..<equals])
            if let colon = prefix.firstIndex(of: ":") { prefix = String(prefix[prefix.index(after: colon)...]) }
            let target = String(line[line.index(after: equals)...])
            guard !prefix.isEmpty, !target.isEmpty else { continue }
            result.append((prefix, target))
        }
        return result.sorted { $0.prefix.count > $1.prefix.count }
    }

    /// Candidate file paths for an import, most specific first.
    func candidates(_ importPath: String, from importer: String) -> [String] {
        if importPath.hasPrefix("./") || importPath.hasPrefix("../") {
            let importerPath = anchor.map { $0.name == importer ? $0.path : importer } ?? importer
            let directory = URL(fileURLWithPath: importerPath).deletingLastPathComponent()
            return [directory.appendingPathComponent(importPath).standardizedFileURL.path]
        }
        var result: [String] = []
        for remapping in remappings where importPath.hasPrefix(remapping.prefix) {
            let rest = importPath.dropFirst(remapping.prefix.count)
            let target = remapping.target.hasPrefix("/") ? remapping.target : root + "/" + remapping.target
            result.append(target + rest)
        }
        result += [root + "/" + importPath, root + "/node_modules/" + importPath, root + "/lib/" + importPath]
        // Foundry without remappings: `forge-std/Test.sol` lives in `lib/forge-std/src/Test.sol`.
        if let slash = importPath.firstIndex(of: "/") {
            let package = importPath[..<slash], rest = importPath[importPath.index(after: slash)...]
            result.append(root + "/lib/" + package + "/src/" + rest)
            result.append(root + "/lib/" + package + "/contracts/" + rest)
        }
        return result.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    public func resolve(_ importPath: String, from importer: String) -> (path: String, source: String)? {
        for candidate in candidates(importPath, from: importer) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: candidate)
            guard attributes?[.type] as? FileAttributeType == .typeRegular,
                  let size = (attributes?[.size] as? NSNumber)?.intValue, size <= Self.maximumFileBytes,
                  let data = FileManager.default.contents(atPath: candidate),
                  let text = String(validating: data, as: UTF8.self) else { continue }
            return (candidate, text)
        }
        return nil
    }
}

/// Parsed imported files by path, shared by every analysis that uses the same resolver.
final class ImportedUnitCache: Sendable {
    struct Entry: Sendable {
        var unit: SourceUnit
        var index: Int
    }

    private let storage = Mutex<[String: Entry]>([:])

    func entry(_ path: String) -> Entry? { storage.withLock { $0[path] } }

    /// Stores a parse (the first one wins) and returns the cached entry.
    func store(_ path: String, make: (Int) -> SourceUnit) -> Entry {
        if let existing = entry(path) { return existing }
        let index = storage.withLock { $0.count } + 1
        let entry = Entry(unit: make(index), index: index)
        return storage.withLock { table in
            if let existing = table[path] { return existing }
            table[path] = entry
            return entry
        }
    }
}

/// The contracts of a file's transitive imports. Imported files are lexed with line numbers starting at
/// `index × lineStride`, so anything located in them is recognisable (and dropped from the importing file's
/// findings: each file's own audit reports its own code).
struct ImportedSources {
    static let lineStride = 10_000_000
    static let maximumFiles = 256

    var contracts: [ContractDefinition] = []
    var diagnostics: [SolidityDiagnostic] = []

    init(unit: SourceUnit, fileName: String, resolver: any SolidityImportResolver, budget: Budget) {
        var seen: Set<String> = []
        var queue: [(importPath: String, importer: String)] = unit.imports.map { ($0, fileName) }
        var head = 0
        while head < queue.count, seen.count < Self.maximumFiles, !budget.isExhausted {
            let (importPath, importer) = queue[head]
            head += 1
            guard let resolved = resolver.resolve(importPath, from: importer) else {
                if importer == fileName {
                    diagnostics.append(SolidityDiagnostic(message: "import '\(importPath.prefix(200))' not found; its contracts are unknown", line: 1, column: 1))
                }
                continue
            }
            guard seen.insert(resolved.path).inserted else { continue }
            let parsed: SourceUnit
            if let project = resolver as? SolidityProject {
                parsed = project.cache.store(resolved.path) { index in
                    Self.parse(resolved.source, index: index, budget: budget)
                }.unit
            } else {
                parsed = Self.parse(resolved.source, index: seen.count, budget: budget)
            }
            contracts += parsed.contracts
            queue += parsed.imports.map { ($0, resolved.path) }
        }
    }

    static func parse(_ source: String, index: Int, budget: Budget) -> SourceUnit {
        let lexed = Lexer.tokenize(source, budget: budget, firstLine: index * lineStride + 1)
        var parser = Parser(tokens: lexed.tokens, budget: budget)
        return parser.parseSourceUnit()
    }
}
