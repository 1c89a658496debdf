import Foundation
import Testing
@testable import Analysis

/// The in-process analyzer refuses to certify input that holds no Solidity definition.
@Suite struct BuiltinAnalyzerTests {
    @Test func emptySourceIsAnErrorNotAnEmptySuccess() async {
        let run = await BuiltinAnalyzer().analyze(TestSupport.input("", name: "Empty.sol"), limits: TestSupport.quickLimits)
        #expect(run.status == .error)
        #expect(run.errors.first?.contains("no contract, interface or library definition found in Empty.sol") == true)
        #expect(run.findings.isEmpty)
    }

    @Test func nonSolidityTextIsAnError() async {
        let page = "<!DOCTYPE html><html><body><p>not a contract</p></body></html>"
        let run = await BuiltinAnalyzer().analyze(TestSupport.input(page, name: "Page.sol"), limits: TestSupport.quickLimits)
        #expect(run.status == .error)
    }

    @Test func aContractWithoutFindingsIsASuccess() async {
        let source = "pragma solidity ^0.8.0;\ncontract Quiet { uint256 public x; }\n"
        let run = await BuiltinAnalyzer().analyze(TestSupport.input(source, name: "Quiet.sol"), limits: TestSupport.quickLimits)
        #expect(run.status == .success)
        #expect(run.findings.isEmpty)
    }

    @Test func referenceHTMLPageIsAnError() async throws {
        let page = try String(contentsOfFile: "\(TestSupport.referenceContracts)/DappBinWallet.sol", encoding: .utf8)
        let run = await BuiltinAnalyzer().analyze(TestSupport.input(page, name: "DappBinWallet.sol"), limits: TestSupport.quickLimits)
        #expect(run.status == .error)
    }
}
