import AuditReport
public import Foundation

/// What the daemon asks an `analyze-worker` child to do: build one analyzer from its configuration and run it on
/// the contract file of the current audit. Sent as one JSON argument; the answer is one ``WorkerAnswer`` JSON
/// object on the child's standard output.
public struct WorkerRequest: Codable, Sendable, Hashable {
    /// The analyzer's configuration (name, args, timeout, wrapper directory, executable).
    public var analyzer: String
    /// `args` of the configuration.
    public var args: String
    /// `storage_dir` of the configuration.
    public var storageDir: String?
    /// The analyzer's timeout in seconds.
    public var timeoutSeconds: Int
    /// Explicit wrapper directory.
    public var wrapperDirectory: String?
    /// Explicit tool executable.
    public var executable: String?
    /// Root of the wrapper plugins.
    public var wrappersRoot: String?
    /// The contract file (source, or lowercase hex of the bytecode when `bytecode` is true).
    public var contractPath: String
    /// The report's file name.
    public var originalFileName: String
    /// True when the file holds hex bytecode (`audit --address`).
    public var bytecode: Bool

    /// The configuration as the factory takes it.
    var config: AnalyzerConfig {
        AnalyzerConfig(name: analyzer, args: args, storageDir: storageDir, timeoutSeconds: timeoutSeconds,
                       wrapperDirectory: wrapperDirectory, executable: executable)
    }
}

/// The worker's answer: an ``AnalyzerRun`` in wire form.
public struct WorkerAnswer: Codable, Sendable {
    var analyzer: AnalyzerDescription
    var status: AnalyzerStatus
    var findings: [Finding]
    var rawOutput: Data
    var errors: [String]
    var warnings: [String]
    var trace: [String]
    var startTime: Int
    var endTime: Int

    init(_ run: AnalyzerRun) {
        analyzer = run.analyzer
        status = run.status
        findings = run.findings
        rawOutput = run.rawOutput
        errors = run.errors
        warnings = run.warnings
        trace = run.trace
        startTime = run.startTime
        endTime = run.endTime
    }

    var run: AnalyzerRun {
        AnalyzerRun(analyzer: analyzer, status: status, findings: findings, rawOutput: rawOutput, errors: errors,
                    warnings: warnings, trace: trace, startTime: startTime, endTime: endTime)
    }
}

/// The child side of process isolation: what `qsp-audit-node analyze-worker` runs.
public enum AnalysisWorker {
    /// Runs the request given as JSON and returns the answer as JSON. Invalid requests become an error run.
    public static func answer(requestJSON: Data) async -> Data {
        let run: AnalyzerRun
        do {
            let request = try JSONDecoder().decode(WorkerRequest.self, from: requestJSON)
            run = await perform(request)
        } catch {
            run = AnalyzerRun(analyzer: AnalyzerDescription(name: "unknown"), status: .error,
                              errors: ["analysis worker: invalid request: \(error)"], startTime: epochSeconds(), endTime: epochSeconds())
        }
        return (try? JSONEncoder().encode(WorkerAnswer(run))) ?? Data()
    }

    static func perform(_ request: WorkerRequest) async -> AnalyzerRun {
        let start = epochSeconds()
        let failed = { (message: String) in
            AnalyzerRun(analyzer: AnalyzerDescription(name: request.analyzer), status: .error, errors: [message],
                        startTime: start, endTime: epochSeconds())
        }
        let analyzers: [any Analyzer]
        do { analyzers = try AnalyzerFactory.make([request.config], wrappersRoot: request.wrappersRoot) } catch {
            return failed("\(error)")
        }
        guard let analyzer = analyzers.first else { return failed("no analyzer was built") }
        guard let data = FileManager.default.contents(atPath: request.contractPath) else {
            return failed("analysis worker: cannot read the contract file \(request.contractPath)")
        }
        var bytecode: Data?
        if request.bytecode {
            guard let decoded = hexBytes(data) else { return failed("analysis worker: the bytecode file is not hex") }
            bytecode = decoded
        }
        let input = AnalysisInput(source: data, contractPath: request.contractPath,
                                  originalFileName: request.originalFileName, bytecode: bytecode)
        return await analyzer.analyze(input, limits: request.config.limits)
    }

    static func hexBytes(_ text: Data) -> Data? {
        guard text.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out = Data(capacity: text.count / 2)
        var iterator = text.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = nibble(high), let l = nibble(low) else { return nil }
            out.append(h << 4 | l)
        }
        return out
    }
}
