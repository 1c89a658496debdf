import Testing
@testable import EthereumRPC

@Test func EthereumRPCModuleLoads() {
    #expect(EthereumRPCModule.name == "EthereumRPC")
}
