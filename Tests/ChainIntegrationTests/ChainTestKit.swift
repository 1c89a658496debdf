import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation

/// Which transaction envelope a helper signs.
enum TransactionKind: Sendable {
    case eip1559
    /// Legacy with the EIP-155 chain id.
    case legacy
}

/// A deployed contract: its address and ABI.
struct DeployedContract: Sendable {
    let address: Address
    let abi: ContractABI

    func function(_ name: String) throws -> ABIFunction {
        guard let function = abi.function(named: name) else { throw ChainTestFailure("the ABI has no function \(name)") }
        return function
    }

    func event(_ name: String) throws -> ABIEvent {
        guard let event = abi.event(named: name) else { throw ChainTestFailure("the ABI has no event \(name)") }
        return event
    }

    /// Decodes every log of this contract in `logs` with the event its topic0 names.
    func decodeLogs(_ logs: [Log]) throws -> [DecodedLog] {
        try logs.filter { $0.address == address }.map { log in
            guard let topic0 = log.topics.first, let event = abi.event(topic0: topic0) else {
                throw ChainTestFailure("log with unknown topic0 \(log.topics.first?.hexString() ?? "none")")
            }
            return try event.decodeLog(topics: log.topics, data: log.data)
        }
    }
}

/// The committed compiled contracts in `devchain/build/`.
enum Artifacts {
    static func abi(_ name: String, root: URL) throws -> ContractABI {
        try ContractABI(json: Data(contentsOf: root.appending(path: "devchain/build/\(name).abi.json")))
    }

    static func bytecode(_ name: String, root: URL) throws -> Data {
        let text = try String(contentsOf: root.appending(path: "devchain/build/\(name).bin"), encoding: .utf8)
        return try Data(hexString: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension ChainContext {
    /// Dev account 0: deployer and owner.
    var deployer: PrivateKey { accounts[0] }

    /// Signs a transaction from `key` with its pending nonce (unless given), the node's fee suggestions and an
    /// estimated gas limit (unless given).
    func sign(
        from key: PrivateKey, to: Address?, data: Data = Data(), value: UInt256 = 0, kind: TransactionKind = .eip1559,
        nonce: UInt64? = nil, gasLimit: UInt64? = nil, chainID: UInt64? = nil
    ) async throws -> SignedTransaction {
        let nonce = if let nonce { nonce } else { try await client.transactionCount(key.address, block: .pending) }
        let gas: UInt64
        if let gasLimit {
            gas = gasLimit
        } else {
            let estimate = try await client.estimateGas(CallRequest(from: key.address, to: to, data: data, value: value))
            gas = estimate + estimate / 5
        }
        let unsigned: UnsignedTransaction
        switch kind {
        case .eip1559:
            let tip = try await client.maxPriorityFeePerGas()
            guard let baseFee = try await client.block(.latest)?.baseFeePerGas else {
                throw ChainTestFailure("the latest block has no baseFeePerGas")
            }
            unsigned = .eip1559(EIP1559Transaction(
                chainID: chainID ?? self.chainID, nonce: nonce, maxPriorityFeePerGas: tip,
                maxFeePerGas: baseFee * 2 + tip, gasLimit: gas, to: to, value: value, data: data))
        case .legacy:
            let price = try await client.gasPrice()
            unsigned = .legacy(LegacyTransaction(
                nonce: nonce, gasPrice: price, gasLimit: gas, to: to, value: value, data: data,
                chainID: chainID ?? self.chainID))
        }
        return try unsigned.sign(with: key)
    }

    /// Sends a signed transaction and waits for its receipt; the node must answer with the transaction's own hash.
    func submit(_ signed: SignedTransaction) async throws -> Receipt {
        let hash = try await client.sendRawTransaction(signed.raw)
        guard hash == signed.hash else {
            throw ChainTestFailure("the node returned hash \(hash.hexString()), the signed transaction's is \(signed.hash.hexString())")
        }
        return try await waitForReceipt(hash)
    }

    /// Signs, sends and waits for the receipt; throws when the transaction reverted.
    @discardableResult
    func send(
        from key: PrivateKey, to: Address?, data: Data = Data(), value: UInt256 = 0, kind: TransactionKind = .eip1559
    ) async throws -> Receipt {
        let receipt = try await submit(sign(from: key, to: to, data: data, value: value, kind: kind))
        guard receipt.succeeded else {
            throw ChainTestFailure("transaction \(receipt.transactionHash.hexString()) reverted (status \(receipt.status))")
        }
        return receipt
    }

    /// Polls for the receipt (automine makes it immediate) for up to 30 s (generous for a loaded CI machine).
    func waitForReceipt(_ hash: Data) async throws -> Receipt {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let receipt = try await client.transactionReceipt(hash) { return receipt }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw ChainTestFailure("no receipt for \(hash.hexString()) within 30 s")
    }

    /// Deploys `devchain/build/<name>.bin` followed by the ABI-encoded constructor arguments.
    func deploy(
        _ name: String, arguments: [ABIValue], types: [ABIType], from key: PrivateKey? = nil, kind: TransactionKind = .eip1559
    ) async throws -> DeployedContract {
        let abi = try Artifacts.abi(name, root: repositoryRoot)
        let code = try Artifacts.bytecode(name, root: repositoryRoot) + ABICodec.encode(arguments, as: types)
        let receipt = try await send(from: key ?? deployer, to: nil, data: code, kind: kind)
        guard let address = receipt.contractAddress else { throw ChainTestFailure("the deployment receipt has no contractAddress") }
        return DeployedContract(address: address, abi: abi)
    }

    /// `eth_call` of `function` on `contract`, decoded.
    func read(
        _ contract: DeployedContract, _ function: String, _ arguments: [ABIValue] = [], from: Address? = nil,
        block: BlockTag = .latest
    ) async throws -> [ABIValue] {
        let function = try contract.function(function)
        let output = try await client.call(
            CallRequest(from: from, to: contract.address, data: function.encodeCall(arguments)), block: block)
        return try function.decodeOutput(output)
    }

    /// Sends a transaction calling `function` on `contract`; returns the receipt (status 1 required).
    @discardableResult
    func write(
        _ contract: DeployedContract, _ function: String, _ arguments: [ABIValue] = [], from key: PrivateKey,
        kind: TransactionKind = .eip1559
    ) async throws -> Receipt {
        let data = try contract.function(function).encodeCall(arguments)
        return try await send(from: key, to: contract.address, data: data, kind: kind)
    }

    /// Deploys the QSP token with `supply` (all to the deployer) and the audit contract over it.
    func deployProtocol(supply: UInt256) async throws -> (token: DeployedContract, audit: DeployedContract) {
        let token = try await deploy("QSPToken", arguments: [.uint(supply)], types: [.uint(256)])
        let audit = try await deploy("QuantstampAudit", arguments: [.address(token.address)], types: [.address], kind: .legacy)
        return (token, audit)
    }
}

/// Whole QSP amounts (18 decimals).
func qsp(_ amount: UInt64) -> UInt256 {
    UInt256(amount) * UInt256(1_000_000_000_000_000_000 as UInt64)
}

/// A 32-byte topic holding an address (as indexed event fields are stored).
func topic(_ address: Address) -> Data {
    Data(repeating: 0, count: 12) + address.bytes
}
