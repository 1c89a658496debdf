import AuditReport
import Foundation
import Testing
@testable import Analysis

/// Tests that run the real tools installed by scripts/setup.d/40-semgrep.sh and 41-mythril.sh.
enum ExternalTools {
    /// One instance each, so the tool version is asked once per test run.
    static let semgrep: SemgrepAnalyzer? = try? SemgrepAnalyzer()
    static let mythril: MythrilAnalyzer? = try? MythrilAnalyzer()
    static let limits = ResourceLimits(timeout: .seconds(120), gracePeriod: .seconds(2), maxOutputBytes: 16 << 20, memoryBytes: 4 << 30)
}

@Suite("semgrep adapter (real tool)", .enabled(if: ExternalTools.semgrep != nil, "semgrep not installed: run scripts/setup.d/40-semgrep.sh"))
struct SemgrepTests {
    @Test func rulePackFindsTheSampleVulnerabilities() async throws {
        let semgrep = try #require(ExternalTools.semgrep)
        let source = try TestSupport.contractSource("Vulnerable.sol")
        let run = await semgrep.analyze(TestSupport.input(source, name: "tmp_1.sol"), limits: ExternalTools.limits)
        #expect(run.status == .success, "errors: \(run.errors)")
        let found = Set(run.findings.map { "\($0.ruleID)@\($0.startLine)" })
        let expected: Set<String> = [
            "qsp.reentrancy-state-write-after-call@20", "qsp.external-call-in-loop@26", "qsp.tx-origin-authentication@32",
            "qsp.unchecked-send@33", "qsp.unchecked-low-level-call@37", "qsp.delegatecall@38", "qsp.blockhash-randomness@42",
            "qsp.block-attribute-randomness@42", "qsp.block-timestamp@43", "qsp.unprotected-owner-change@47", "qsp.selfdestruct@51",
        ]
        #expect(found == expected)
        let reentrancy = try #require(run.findings.first { $0.ruleID == "qsp.reentrancy-state-write-after-call" })
        #expect(reentrancy.type == "reentrancy")
        #expect(reentrancy.category == .reentrancy)
        #expect(reentrancy.swc == "SWC-107")
        #expect(reentrancy.severity == .high)
        #expect(reentrancy.endLine == 22)
        #expect(reentrancy.file == "tmp_1.sol")
        #expect(run.findings.allSatisfy { VulnerabilityTypes.id(of: $0.type) != nil })
        #expect(!run.rawOutput.isEmpty)
        #expect(run.analyzer.version?.isEmpty == false)
    }

    @Test func everyRuleOfThePackMapsToAKnownType() throws {
        let pack = try #require(SemgrepAnalyzer.bundledRulePack)
        let types = SemgrepRulePack.types(inPack: pack)
        #expect(types.count >= 12)
        for (rule, type) in types { #expect(VulnerabilityTypes.id(of: type) != nil, "\(rule) → \(type)") }
    }

    /// The reference's DappBinWallet.sol is a saved GitHub HTML page; semgrep reports a syntax error for it.
    @Test
    func unparsableContractIsAnError() async throws {
        let semgrep = try #require(ExternalTools.semgrep)
        let page = try String(contentsOfFile: "\(TestSupport.referenceContracts)/DappBinWallet.sol", encoding: .utf8)
        let run = await semgrep.analyze(TestSupport.input(page, name: "DappBinWallet.sol"), limits: ExternalTools.limits)
        #expect(run.status == .error)
        #expect(run.errors.first?.contains("Syntax error") == true || run.errors.first?.contains("Lexical error") == true, "\(run.errors)")
    }

    @Test func semgrepTimeoutIsEnforced() async throws {
        let semgrep = try #require(ExternalTools.semgrep)
        var limits = ExternalTools.limits
        limits.timeout = .milliseconds(300)
        let run = await semgrep.analyze(TestSupport.input("contract A {}", name: "A.sol"), limits: limits)
        #expect(run.status == .timeout)
    }
}

@Suite("Mythril adapter (real tool)", .enabled(if: ExternalTools.mythril != nil, "mythril not installed: run scripts/setup.d/41-mythril.sh"))
struct MythrilTests {
    /// Hand-assembled runtime code: with calldata it self-destructs to the caller; without, it sends the whole
    /// balance to the caller: CALLDATASIZE ISZERO PUSH1 0x0a JUMPI CALLER SELFDESTRUCT … JUMPDEST CALL(gas, caller, selfbalance).
    static let bytecode = try! Data(hexString: "3615600a5733ff0000005b600060006000600047335af15000")

    @Test func findsTheUnprotectedSelfdestructAndWithdrawal() async throws {
        let mythril = try #require(ExternalTools.mythril)
        var limits = ExternalTools.limits
        limits.timeout = .seconds(60)
        let pipeline = AuditPipeline(analyzers: [mythril, BuiltinAnalyzer()], defaultLimits: limits)
        let outcome = await pipeline.audit(bytecode: Self.bytecode, name: "0xabc.bin", context: ReportContext(contractURI: "0xabc", version: "2.1.0"))
        let run = try #require(outcome.runs.first)
        #expect(outcome.runs.count == 1)  // only bytecode analyzers run on bytecode
        #expect(run.status == .success, "errors: \(run.errors)")
        let types = Set(run.findings.map(\.type))
        #expect(types.isSuperset(of: ["unprotected_self_destruct", "unprotected_ether_withdrawal"]), "\(types)")
        let selfdestruct = try #require(run.findings.first { $0.type == "unprotected_self_destruct" })
        #expect(selfdestruct.swc == "SWC-106")
        #expect(selfdestruct.severity == .high)
        #expect(selfdestruct.startLine == 0)
        #expect(selfdestruct.message.contains("bytecode offset 6"))
        #expect(outcome.auditState == 4)
        #expect(ReportSchemaValidator().validate(outcome.reportJSON).isEmpty)
    }

    @Test func sourceInputIsRejectedClearly() async throws {
        let mythril = try #require(ExternalTools.mythril)
        let run = await mythril.analyze(TestSupport.input("contract A {}"), limits: ExternalTools.limits)
        #expect(run.status == .error)
        #expect(run.errors.first?.contains("bytecode only") == true)
    }
}

extension Data {
    init(hexString: String) throws {
        var bytes: [UInt8] = []
        var index = hexString.startIndex
        while index < hexString.endIndex {
            let next = hexString.index(index, offsetBy: 2)
            guard let byte = UInt8(hexString[index..<next], radix: 16) else { throw AnalysisError(.invalidInput, "bad hex") }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
