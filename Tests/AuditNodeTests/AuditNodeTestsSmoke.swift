import Testing
@testable import AuditNode

@Test func AuditNodeModuleLoads() {
    #expect(AuditNodeModule.name == "AuditNode")
}
