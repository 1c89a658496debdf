import Ethereum
import Testing
@testable import AuditNode

@Suite struct FeePolicyTests {
    func policy(_ strategy: GasPriceSettings.Strategy, defaultWei: UInt64 = 8, cap: UInt64? = nil) -> FeePolicy {
        FeePolicy(settings: GasPriceSettings(strategy: strategy, defaultWei: defaultWei, capWei: cap), bumpPercent: 12)
    }

    @Test func legacyWithoutBaseFee() {
        #expect(policy(.static).initial(baseFee: nil, suggestedGasPrice: 100, suggestedPriority: nil) == .legacy(gasPrice: 8))
        #expect(policy(.dynamic).initial(baseFee: nil, suggestedGasPrice: 100, suggestedPriority: nil) == .legacy(gasPrice: 100))
        #expect(policy(.dynamic, cap: 50).initial(baseFee: nil, suggestedGasPrice: 100, suggestedPriority: nil) == .legacy(gasPrice: 50))
        // No answer from eth_gasPrice: fall back to the default, never -1.
        #expect(policy(.dynamic).initial(baseFee: nil, suggestedGasPrice: nil, suggestedPriority: nil) == .legacy(gasPrice: 8))
    }

    @Test func eip1559WhenTheBlockHasABaseFee() {
        #expect(policy(.dynamic).initial(baseFee: 100, suggestedGasPrice: nil, suggestedPriority: 5) == .eip1559(maxFee: 205, priority: 5))
        #expect(policy(.dynamic, cap: 150).initial(baseFee: 100, suggestedGasPrice: nil, suggestedPriority: 5) == .eip1559(maxFee: 150, priority: 5))
        #expect(policy(.dynamic, cap: 3).initial(baseFee: 100, suggestedGasPrice: nil, suggestedPriority: 5) == .eip1559(maxFee: 3, priority: 3))
        #expect(policy(.static, defaultWei: 70).initial(baseFee: 10, suggestedGasPrice: nil, suggestedPriority: 5) == .eip1559(maxFee: 70, priority: 70))
    }

    @Test func replacementBumpsBothFieldsByAtLeastTenPercent() throws {
        let bumped = try #require(policy(.dynamic).bumped(.eip1559(maxFee: 1000, priority: 100)))
        #expect(bumped == .eip1559(maxFee: 1120, priority: 112))
        // Rounding up: 1 wei priority still rises.
        #expect(policy(.dynamic).bumped(.eip1559(maxFee: 10, priority: 1)) == .eip1559(maxFee: 12, priority: 2))
        #expect(policy(.dynamic).bumped(.legacy(gasPrice: 1000)) == .legacy(gasPrice: 1120))
        // Capped: still ≥ 10 % → allowed; less → no replacement.
        #expect(policy(.dynamic, cap: 1100).bumped(.eip1559(maxFee: 1000, priority: 100)) == .eip1559(maxFee: 1100, priority: 112))
        #expect(policy(.dynamic, cap: 1050).bumped(.eip1559(maxFee: 1000, priority: 100)) == nil)
    }
}
