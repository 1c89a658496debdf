import Testing
@testable import SolidityAnalyzer

@Test func emptySourceGivesEmptyResult() {
    let result = SolidityAnalyzer().analyze(source: "", fileName: "Empty.sol")
    #expect(result.findings.isEmpty)
    #expect(result.budgetExceeded == false)
    #expect(result.pragma == nil)
}
