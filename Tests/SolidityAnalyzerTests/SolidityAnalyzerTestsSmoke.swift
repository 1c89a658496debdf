import Testing
@testable import SolidityAnalyzer

@Test func SolidityAnalyzerModuleLoads() {
    #expect(SolidityAnalyzerModule.name == "SolidityAnalyzer")
}
