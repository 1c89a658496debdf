import Foundation
import Testing

@testable import AuditReport

/// Sample reports and contracts copied from the reference (../shared/reference) into Fixtures/.
enum Fixtures {
    static let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static let reportNames = [
        "BasicToken", "BasicTokenErrorWithMetadata", "DAOBug", "DAOBugIncomplete", "DAOBugMythrilOnly",
        "DAOBugWithBadProperty", "DappBinWallet", "DockerhubFail", "DockerhubFailAllAnalyzers", "Empty", "kyber",
    ]

    static func reportURL(_ name: String) -> URL {
        root.appendingPathComponent("reports/\(name).json")
    }

    static func reportData(_ name: String) throws -> Data {
        try Data(contentsOf: reportURL(name))
    }

    static func report(_ name: String) throws -> Report {
        try ReportJSON.decode(reportData(name))
    }

    static func contract(_ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent("contracts/\(name).sol"))
    }

    static func hex(_ data: Data) -> String { CodecTool.hex(data) }

    static func bytes(_ hex: String) -> Data { try! CompressedReportCodec.parseHex(hex) }

    static let daoBugHash = "dc996a1c50b01ea3ec370a45ce43394f22bc0dfda4dd43990cedcdc505e593bf"

    /// A report with one analyzer whose findings are `(type, start, end)`.
    static func report(
        version: String? = "2.0.4", auditState: Int? = 4, status: String = "success",
        hash: String? = daoBugHash, findings: [(String, Int?, Int?)]
    ) -> Report {
        Report(
            contractHash: hash, version: version, auditState: auditState, status: status,
            analyzersReports: [
                AnalyzerReport(
                    status: "success", analyzer: AnalyzerDescription(name: "test"),
                    potentialVulnerabilities: findings.enumerated().map { i, f in
                        PotentialVulnerability(
                            type: f.0, file: "A.sol", instances: [VulnerabilityInstance(refID: i, startLine: f.1, endLine: f.2)])
                    })
            ])
    }
}

/// Runs python3 scripts for cross-checks; tests skip when python3 or a module is missing.
enum Python {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ script: String, arguments: [String] = []) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// True when `python3 -c "import <modules>"` works.
    static func has(_ modules: String) -> Bool {
        (try? run("import \(modules)"))?.status == 0
    }

    static func writeTemp(_ data: Data, suffix: String = ".json") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("auditreport-\(UUID().uuidString)\(suffix)")
        try data.write(to: url)
        return url
    }
}
