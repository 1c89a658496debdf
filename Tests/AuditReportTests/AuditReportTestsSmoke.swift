import Testing
@testable import AuditReport

@Test func AuditReportModuleLoads() {
    #expect(AuditReportModule.name == "AuditReport")
}
