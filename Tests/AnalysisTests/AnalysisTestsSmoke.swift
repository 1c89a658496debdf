import Testing
@testable import Analysis

@Test func AnalysisModuleLoads() {
    #expect(AnalysisModule.name == "Analysis")
}
