/// The built-in Solidity analyzer: a tolerant lexer and parser, a small semantic layer and
/// pattern detectors for the DASP top-10 categories. No solc, no Docker, no dependencies.
///
/// `analyze(source:fileName:)` never throws and never traps; it stops at the configured time
/// budget and reports what it found so far (`budgetExceeded`).
///
/// Findings point at the vulnerable line itself: the external call for reentrancy (not the later state
/// write) and for unchecked calls, the arithmetic for overflows, the condition for tx.origin and timestamp
/// checks, the function header for function-level access-control problems (wrong constructor name,
/// unprotected owner change, default visibility, short address), the loop header for unbounded loops.
public struct SolidityAnalyzer: Sendable {
    /// Tuning knobs of one analyzer instance.
    public struct Configuration: Sendable {
        /// Hard wall-clock budget per file.
        public var timeBudget: Duration = .seconds(2)
        /// Detector ids to run; nil runs all of them.
        public var enabledDetectors: Set<String>? = nil
        /// Resolves `import` directives (e.g. a ``SolidityProject``); nil analyses each file on its own.
        public var importResolver: (any SolidityImportResolver)? = nil

        /// Creates a configuration.
        public init(timeBudget: Duration = .seconds(2), enabledDetectors: Set<String>? = nil, importResolver: (any SolidityImportResolver)? = nil) {
            self.timeBudget = timeBudget
            self.enabledDetectors = enabledDetectors
            self.importResolver = importResolver
        }
    }

    /// The configuration in use.
    public let configuration: Configuration

    /// Semantic version of the analyzer (detector logic included).
    public static let version: String = "1.0.0"

    /// All detectors this analyzer knows.
    public static var detectors: [DetectorInfo] { DetectorCatalog.all.map(\.info) }

    /// Creates an analyzer.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Analyses one Solidity source file. Never throws, never crashes, respects the budget.
    public func analyze(source: String, fileName: String) -> SolidityAnalysisResult {
        let budget = Budget(limit: configuration.timeBudget)
        var result = SolidityAnalysisResult()
        let lexed = Lexer.tokenize(source, budget: budget)
        var parser = Parser(tokens: lexed.tokens, budget: budget)
        let unit = parser.parseSourceUnit()
        result.diagnostics = lexed.diagnostics + parser.diagnostics
        result.pragma = unit.pragmas.first?.value
        result.definitionCount = unit.contracts.count
        if !budget.isExhausted {
            var imported: [ContractDefinition] = []
            if let resolver = configuration.importResolver, !unit.imports.isEmpty {
                let sources = ImportedSources(unit: unit, fileName: fileName, resolver: resolver, budget: budget)
                imported = sources.contracts
                result.diagnostics += sources.diagnostics
            }
            let model = SemanticModel(unit: unit, budget: budget, imported: imported)
            var findings: [SolidityFinding] = []
            for detector in DetectorCatalog.all {
                if let enabled = configuration.enabledDetectors, !enabled.contains(detector.info.id) { continue }
                if budget.isExhausted { break }
                findings += detector.run(model)
            }
            // Findings located in imported files belong to those files' own audits.
            findings.removeAll { $0.startLine > ImportedSources.lineStride }
            result.findings = Suppressions(source: source).filter(DetectorCatalog.deduplicated(findings))
        }
        if budget.isExhausted {
            result.budgetExceeded = true
            result.diagnostics.append(SolidityDiagnostic(
                message: "time budget of \(configuration.timeBudget) exhausted; results are partial", line: 1, column: 1))
        }
        return result
    }
}
