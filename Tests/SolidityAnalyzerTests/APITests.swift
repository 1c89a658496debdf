import Foundation
import Testing
@testable import SolidityAnalyzer

@Suite struct APITests {
    static let protocolTypes: Set<String> = [
        "integer_underflow", "integer_overflow", "callstack", "transaction_order_dependency", "time_dependency",
        "reentrancy", "parity_multisig_bug", "exception_state", "dependence_on_environment_variable",
        "delegate_call_to_untrusted_contract", "tx_origin_usage", "unprotected_ether_withdrawal",
        "call_to_external_contract", "multiple_calls", "unprotected_self_destruct", "unchecked_call_return_value",
        "unchecked_call_return_value_true_positive", "other", "missing_input_validation", "locked_ether",
        "unprotected_state_manipulation", "missing_input_validation_true_positive", "locked_ether_true_positive",
        "unprotected_state_manipulation_true_positive", "unprotected_ether_withdrawal_true_positive",
        "reentrancy_true_positive", "transaction_order_dependency_true_positive", "securify_bug",
    ]
    static let categories: Set<String> = [
        "reentrancy", "access_control", "arithmetic", "unchecked_low_level_calls", "denial_of_service",
        "bad_randomness", "front_running", "time_manipulation", "short_addresses", "other",
    ]

    @Test func detectorMetadataIsValid() {
        let detectors = SolidityAnalyzer.detectors
        #expect(detectors.count >= 20)
        #expect(Set(detectors.map(\.id)).count == detectors.count, "detector ids must be unique")
        for detector in detectors {
            #expect(Self.protocolTypes.contains(detector.protocolType), "\(detector.id): \(detector.protocolType)")
            #expect(detector.category.map(Self.categories.contains) ?? false, "\(detector.id)")
            if let swc = detector.swc { #expect(swc.hasPrefix("SWC-")) }
            #expect(!detector.description.isEmpty && !detector.title.isEmpty)
        }
        // Every DASP category is covered by at least one detector.
        #expect(Set(detectors.compactMap(\.category)) == Self.categories)
        #expect(SolidityAnalyzer.version == "1.0.0")
    }

    @Test func emptySourceGivesEmptyResult() {
        let result = SolidityAnalyzer().analyze(source: "", fileName: "Empty.sol")
        #expect(result.findings.isEmpty)
        #expect(result.diagnostics.isEmpty)
        #expect(result.budgetExceeded == false)
        #expect(result.pragma == nil)
    }

    @Test func findingsAreSortedAndCarryFields() {
        let source = """
        pragma solidity ^0.4.24;
        contract C {
            mapping(address => uint) balances;
            function withdraw(uint amount) public {
                msg.sender.call.value(amount)();
                balances[msg.sender] -= amount;
            }
            function kill() public { selfdestruct(msg.sender); }
        }
        """
        let result = SolidityAnalyzer().analyze(source: source, fileName: "C.sol")
        #expect(result.pragma == "^0.4.24")
        let keys = result.findings.map { "\($0.startLine) \($0.detectorID)" }
        #expect(keys == ["5 reentrancy", "5 unchecked-low-level-call", "5 unprotected-ether-withdrawal", "6 integer-underflow", "8 unprotected-selfdestruct"])
        let sorted = result.findings.sorted { ($0.startLine, $0.detectorID) < ($1.startLine, $1.detectorID) }
        #expect(result.findings == sorted)
        let reentrancy = result.findings[0]
        #expect(reentrancy.protocolType == "reentrancy")
        #expect(reentrancy.category == "reentrancy")
        #expect(reentrancy.swc == "SWC-107")
        #expect(reentrancy.severity == .high)
        #expect(reentrancy.contract == "C")
        #expect(reentrancy.function == "withdraw")
        #expect(reentrancy.endLine >= reentrancy.startLine)
    }

    @Test func enabledDetectorsFilter() {
        let source = "pragma solidity ^0.4.24; contract C { function kill() public { selfdestruct(msg.sender); } }"
        let none = SolidityAnalyzer(configuration: .init(enabledDetectors: [])).analyze(source: source, fileName: "C.sol")
        #expect(none.findings.isEmpty)
        let only = SolidityAnalyzer(configuration: .init(enabledDetectors: ["unprotected-selfdestruct"])).analyze(source: source, fileName: "C.sol")
        #expect(only.findings.map(\.detectorID) == ["unprotected-selfdestruct"])
    }

    @Test func zeroBudgetReportsExceeded() {
        let source = "pragma solidity ^0.4.24; contract C { function kill() public { selfdestruct(msg.sender); } }"
        let result = SolidityAnalyzer(configuration: .init(timeBudget: .zero)).analyze(source: source, fileName: "C.sol")
        #expect(result.budgetExceeded)
        #expect(result.diagnostics.contains { $0.message.contains("budget") })
    }

    @Test func nonSolidityInputGivesDiagnosticsNotFindings() throws {
        let url = Corpus.sampleContracts.appendingPathComponent("DappBinWallet.sol")
        let source = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        // A generous budget: this checks the result, not the speed (a loaded debug build is slow).
        let result = SolidityAnalyzer(configuration: .init(timeBudget: .seconds(60))).analyze(source: source, fileName: "DappBinWallet.sol")
        #expect(result.findings.isEmpty)
        #expect(!result.diagnostics.isEmpty)
        #expect(!result.budgetExceeded)
    }

    @Test func analyzerIsUsableConcurrently() async {
        let analyzer = SolidityAnalyzer()
        let source = "pragma solidity ^0.4.24; contract C { function kill() public { selfdestruct(msg.sender); } }"
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { analyzer.analyze(source: source, fileName: "C.sol").findings.count } }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 1, count: 8))
    }
}
