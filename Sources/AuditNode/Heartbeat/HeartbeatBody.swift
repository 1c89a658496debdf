import Ethereum
import EthereumAccounts
import Foundation

/// The heartbeat's JSON body (PROTOCOL.md §3.11), serialized with the keys in the specified order.
public struct HeartbeatBody: Sendable, Equatable {
    /// "hostname-pid".
    public var processIdentifier: String
    /// The chain head.
    public var ethBlockNumber: UInt64
    /// `web3_clientVersion`.
    public var ethNodeVersion: String?
    /// `eth_protocolVersion`; nil (JSON null) where the node no longer serves it.
    public var ethProtocolVersion: String?
    /// The metadata file's `version` ("2.9.1").
    public var contractVersion: String
    /// This node's version.
    public var nodeVersion: String
    /// CPU use, percent.
    public var hostCpu: Double
    /// Memory use, percent.
    public var hostMemory: Double
    /// Disk use of the event store's file system, percent.
    public var hostDisk: Double
    /// `min_price_in_qsp` (whole QSP).
    public var minPrice: UInt64
    /// The node account (checksummed).
    public var account: Address

    /// Creates a body.
    public init(processIdentifier: String, ethBlockNumber: UInt64, ethNodeVersion: String?, ethProtocolVersion: String?,
                contractVersion: String, nodeVersion: String, hostCpu: Double, hostMemory: Double, hostDisk: Double,
                minPrice: UInt64, account: Address) {
        self.processIdentifier = processIdentifier
        self.ethBlockNumber = ethBlockNumber
        self.ethNodeVersion = ethNodeVersion
        self.ethProtocolVersion = ethProtocolVersion
        self.contractVersion = contractVersion
        self.nodeVersion = nodeVersion
        self.hostCpu = hostCpu
        self.hostMemory = hostMemory
        self.hostDisk = hostDisk
        self.minPrice = minPrice
        self.account = account
    }

    /// The exact bytes that are POSTed and signed: a compact JSON object, keys in §3.11 order.
    public func jsonData() -> Data {
        let members: [(String, String)] = [
            ("processIdentifier", Self.string(processIdentifier)),
            ("ethBlockNumber", String(ethBlockNumber)),
            ("ethNodeVersion", ethNodeVersion.map(Self.string) ?? "null"),
            ("ethProtocolVersion", ethProtocolVersion.map(Self.string) ?? "null"),
            ("contractVersion", Self.string(contractVersion)),
            ("nodeVersion", Self.string(nodeVersion)),
            ("hostCpu", Self.percent(hostCpu)),
            ("hostMemory", Self.percent(hostMemory)),
            ("hostDisk", Self.percent(hostDisk)),
            ("minPrice", String(minPrice)),
            ("account", Self.string(account.checksummed)),
        ]
        return Data(("{" + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}").utf8)
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes]) else {
            return "\"\""
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A float with one decimal (always with a decimal point, as Python writes floats), clamped to 0…100.
    static func percent(_ value: Double) -> String {
        let clamped = value.isFinite ? min(100, max(0, value)) : 0
        return String(format: "%.1f", clamped)
    }
}

/// The heartbeat's `authorization` header: `Digest: 0x` + r‖s‖v (v ∈ {27, 28}) of keccak256(body), signed without
/// the EIP-191 prefix, so the dashboard recovers the node account from the exact body bytes.
public enum HeartbeatSignature {
    /// The header value for `body`.
    public static func authorization(body: Data, key: PrivateKey) throws -> String {
        let signature = try key.sign(hash: Keccak256.hash(body))
        var bytes = Data()
        bytes.append(contentsOf: [UInt8](repeating: 0, count: 32 - signature.r.count) + signature.r)
        bytes.append(contentsOf: [UInt8](repeating: 0, count: 32 - signature.s.count) + signature.s)
        bytes.append(27 + signature.recoveryID)
        return "Digest: " + bytes.hexString(prefixed: true)
    }
}
