import Testing
@testable import EthereumAccounts

@Test func EthereumAccountsModuleLoads() {
    #expect(EthereumAccountsModule.name == "EthereumAccounts")
}
