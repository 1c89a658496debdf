import Foundation

/// One configured analyzer (the node's `analyzers` config list, or `--analyzers` on the command line).
public struct AnalyzerConfig: Sendable, Hashable {
    /// `builtin`, `semgrep`, `mythril`, or the name of a wrapper plugin directory.
    public var name: String
    /// Extra arguments for the tool (`ANALYZER_ARGS` for wrappers), split on whitespace for adapters.
    public var args: String
    /// `STORAGE_DIR` for wrappers; nil → a directory under the system temp directory.
    public var storageDir: String?
    /// Per-run timeout in seconds.
    public var timeoutSeconds: Int
    /// Explicit wrapper directory; nil → `<wrappersRoot>/<name>`.
    public var wrapperDirectory: String?
    /// Explicit executable for the semgrep/mythril adapters; nil → environment, repository venv, PATH.
    public var executable: String?

    /// Creates a config entry.
    public init(
        name: String, args: String = "", storageDir: String? = nil, timeoutSeconds: Int = 300,
        wrapperDirectory: String? = nil, executable: String? = nil
    ) {
        self.name = name
        self.args = args
        self.storageDir = storageDir
        self.timeoutSeconds = timeoutSeconds
        self.wrapperDirectory = wrapperDirectory
        self.executable = executable
    }

    /// The run limits for this analyzer: its timeout, 2 s grace, 16 MiB output, 4 GiB address space.
    public var limits: ResourceLimits {
        var limits = ResourceLimits.default
        limits.timeout = .seconds(max(1, timeoutSeconds))
        return limits
    }
}

/// Builds analyzers from configuration.
public enum AnalyzerFactory {
    /// Names handled without a wrapper directory.
    public static let builtInNames = ["builtin", "semgrep", "mythril"]

    /// The default configuration: the built-in analyzer only.
    public static let defaultConfig: [AnalyzerConfig] = [AnalyzerConfig(name: "builtin", timeoutSeconds: 60)]

    /// Creates the analyzers, in order. `builtin` runs in-process; `semgrep` and `mythril` are adapters; any
    /// other name must be a wrapper plugin directory (`wrapperDirectory` or `<wrappersRoot>/<name>`).
    public static func make(_ configs: [AnalyzerConfig], wrappersRoot: String?) throws(AnalysisError) -> [any Analyzer] {
        guard !configs.isEmpty else {
            throw AnalysisError(.invalidConfiguration, "no analyzer is configured; name at least one (e.g. builtin)")
        }
        var seen = Set<String>()
        var analyzers: [any Analyzer] = []
        for config in configs {
            let name = config.name
            guard !name.isEmpty, name.count <= 50, !name.contains("/"), !name.hasPrefix(".") else {
                throw AnalysisError(.invalidConfiguration, "invalid analyzer name '\(name.prefix(60))': use 1–50 characters without '/'")
            }
            guard seen.insert(name).inserted else {
                throw AnalysisError(.invalidConfiguration, "analyzer '\(name)' is configured twice; list each analyzer once")
            }
            guard config.timeoutSeconds > 0 else {
                throw AnalysisError(.invalidConfiguration, "analyzer '\(name)': timeout must be a positive number of seconds")
            }
            let extra = config.args.split(whereSeparator: \.isWhitespace).map(String.init)
            switch name {
            case "builtin":
                analyzers.append(BuiltinAnalyzer())
            case "semgrep":
                analyzers.append(try SemgrepAnalyzer(executable: config.executable, extraArguments: extra))
            case "mythril":
                analyzers.append(try MythrilAnalyzer(executable: config.executable, extraArguments: extra))
            default:
                guard let directory = config.wrapperDirectory ?? wrappersRoot.map({ "\($0)/\(name)" }) else {
                    throw AnalysisError(.unknownAnalyzer, "unknown analyzer '\(name)': use builtin, semgrep, mythril or the name of a wrapper plugin directory (set the wrappers directory)")
                }
                guard FileManager.default.fileExists(atPath: directory) else {
                    throw AnalysisError(.unknownAnalyzer, "unknown analyzer '\(name)': no built-in analyzer has this name and there is no wrapper directory \(directory)")
                }
                analyzers.append(try WrapperPluginAnalyzer(
                    name: name, directory: directory, arguments: config.args, storageDirectory: config.storageDir
                ))
            }
        }
        return analyzers
    }

    /// Limits per analyzer name, from the configs' timeouts.
    public static func limits(_ configs: [AnalyzerConfig]) -> [String: ResourceLimits] {
        Dictionary(configs.map { ($0.name, $0.limits) }, uniquingKeysWith: { first, _ in first })
    }

    /// The example wrapper plugins shipped in the module's resources (`Resources/wrappers`).
    public static var bundledWrappersRoot: String? {
        guard let resources = Bundle.module.url(forResource: "Resources", withExtension: nil) else { return nil }
        let path = resources.appendingPathComponent("wrappers").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
