import AuditReport
import Foundation
import Testing
@testable import Analysis

/// `audit` on a Foundry-layout project directory: imports resolved (an imported modifier protects), dependencies in
/// `lib/` not audited, and the CI options `--baseline` and `--list-detectors`.
struct AuditProjectCLITests {
    /// Writes a small Foundry project into a temporary directory.
    static func makeProject() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("audit-project-\(UUID().uuidString)")
        let files: [String: String] = [
            "foundry.toml": "[profile.default]\nsrc = \"src\"\n",
            "remappings.txt": "@oz/=lib/oz/contracts/\n",
            "lib/oz/contracts/access/Ownable.sol": """
                pragma solidity ^0.8.20;
                abstract contract Ownable {
                    address private _keeper;
                    constructor() { _keeper = msg.sender; }
                    modifier gated() {
                        require(msg.sender == _keeper, "not the keeper");
                        _;
                    }
                }
                """,
            // A dependency with a bug of its own: context for imports, never reported.
            "lib/oz/contracts/Faulty.sol": "pragma solidity ^0.8.20;\ncontract Faulty {\n    function kill() public { selfdestruct(payable(msg.sender)); }\n}\n",
            "src/Vault.sol": """
                pragma solidity ^0.8.20;
                import {Ownable} from "@oz/access/Ownable.sol";
                contract Vault is Ownable {
                    function sweep(address payable to) external gated {
                        selfdestruct(to);
                    }
                }
                """,
            "src/Kill.sol": "pragma solidity ^0.8.20;\ncontract Kill {\n    function kill() public { selfdestruct(payable(msg.sender)); }\n}\n",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    static func ruleIDs(_ outcome: AuditOutcome) -> [String] {
        (outcome.report.analyzersReports ?? []).flatMap { ($0.potentialVulnerabilities ?? []).compactMap(\.ruleID) }
    }

    @Test func directoryAuditResolvesImportsAndSkipsDependencies() async throws {
        let root = try Self.makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let options = AuditCommandOptions(paths: [root.path], analyzers: ["builtin"], version: "2.1.0")
        let result = try await AuditCommandRunner(options: options).run()
        let audited = result.outcomes.map { URL(fileURLWithPath: $0.report.contractURI ?? "").lastPathComponent }
        #expect(audited.sorted() == ["Kill.sol", "Vault.sol"])
        let vault = try #require(result.outcomes.first { $0.report.contractURI?.hasSuffix("Vault.sol") == true })
        #expect(!Self.ruleIDs(vault).contains("unprotected-selfdestruct"), "the imported gated() modifier protects sweep()")
        let kill = try #require(result.outcomes.first { $0.report.contractURI?.hasSuffix("Kill.sol") == true })
        #expect(Self.ruleIDs(kill).contains("unprotected-selfdestruct"))
    }

    @Test func baselineReportsOnlyNewFindingsAndDrivesTheExitCode() async throws {
        let root = try Self.makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let src = root.appendingPathComponent("src").path
        let first = try await AuditCommandRunner(options: AuditCommandOptions(
            paths: [src], format: .sarif, analyzers: ["builtin"], failOn: .high, version: "2.1.0")).run()
        #expect(first.exitCode == 1)
        let baseline = root.appendingPathComponent("baseline.sarif")
        try first.standardOutput.write(to: baseline)

        let again = try await AuditCommandRunner(options: AuditCommandOptions(
            paths: [src], format: .sarif, analyzers: ["builtin"], failOn: .high, version: "2.1.0",
            baselinePath: baseline.path)).run()
        #expect(again.exitCode == 0)
        #expect(again.outcomes.allSatisfy { Self.ruleIDs($0).isEmpty })

        // A new finding (another function) is reported despite the baseline.
        let kill = root.appendingPathComponent("src/Kill.sol")
        try Data("pragma solidity ^0.8.20;\ncontract Kill {\n    function kill() public { selfdestruct(payable(msg.sender)); }\n    function boom() public { selfdestruct(payable(tx.origin)); }\n}\n".utf8).write(to: kill)
        let changed = try await AuditCommandRunner(options: AuditCommandOptions(
            paths: [src], format: .json, analyzers: ["builtin"], failOn: .high, version: "2.1.0",
            baselinePath: baseline.path)).run()
        #expect(changed.exitCode == 1)
        let killOutcome = try #require(changed.outcomes.first { $0.report.contractURI?.hasSuffix("Kill.sol") == true })
        let lines = (killOutcome.report.analyzersReports ?? []).flatMap { ($0.potentialVulnerabilities ?? []).flatMap { $0.instances.compactMap(\.startLine) } }
        #expect(lines == [4])
        #expect(String(decoding: killOutcome.reportJSON, as: UTF8.self).contains("\"start_line\": 4"))
    }

    @Test func unreadableOrInvalidBaselineIsAClearError() async throws {
        let root = try Self.makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let bogus = root.appendingPathComponent("bogus.sarif")
        try Data("not json".utf8).write(to: bogus)
        for path in [bogus.path, root.appendingPathComponent("missing.sarif").path] {
            let options = AuditCommandOptions(paths: [root.appendingPathComponent("src").path], analyzers: ["builtin"], version: "2.1.0", baselinePath: path)
            await #expect(throws: AnalysisError(.invalidInput, "")) { try await AuditCommandRunner(options: options).run() }
        }
    }

    @Test func sarifRulesCarryHelpFixHintAndSWCLink() async throws {
        let root = try Self.makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try await AuditCommandRunner(options: AuditCommandOptions(
            paths: [root.appendingPathComponent("src/Kill.sol").path], format: .sarif, analyzers: ["builtin"], version: "2.1.0")).run()
        let text = String(decoding: result.standardOutput, as: UTF8.self)
        #expect(text.contains("Fix: "))
        #expect(text.contains("https://swcregistry.io/docs/SWC-106"))
        #expect(text.contains("\"markdown\""))
    }

    @Test func detectorListNamesEveryDetector() {
        let text = DetectorListing.text()
        for id in ["reentrancy", "reentrancy-limited-gas", "unprotected-ether-withdrawal", "timestamp-dependence"] {
            #expect(text.contains("\n" + id + " "), "missing \(id)")
        }
        #expect(text.contains("qsp-ignore-next-line"))
    }
}
