import Testing
@testable import Ethereum

@Test func EthereumModuleLoads() {
    #expect(EthereumModule.name == "Ethereum")
}
