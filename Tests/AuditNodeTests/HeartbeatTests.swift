import Ethereum
import EthereumAccounts
import Foundation
import Testing
@testable import AuditNode

/// The heartbeat's body bytes, signature and configuration keys (PROTOCOL.md §3.11, §7.1).
@Suite struct HeartbeatUnitTests {
    static let account: Address = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"

    static func body(cpu: Double = 12.345, version: String? = "py-evm/0.12") -> HeartbeatBody {
        HeartbeatBody(processIdentifier: "host-\"1\"-42", ethBlockNumber: 1234, ethNodeVersion: version, ethProtocolVersion: nil,
                      contractVersion: "2.9.1", nodeVersion: "2.1.0", hostCpu: cpu, hostMemory: 50, hostDisk: 100.0,
                      minPrice: 10, account: account)
    }

    @Test func bodyHasTheSpecifiedKeysInOrderWithFloatPercentages() throws {
        let text = String(decoding: Self.body().jsonData(), as: UTF8.self)
        #expect(text == #"{"processIdentifier": "host-\"1\"-42", "ethBlockNumber": 1234, "ethNodeVersion": "py-evm/0.12", "#
            + #""ethProtocolVersion": null, "contractVersion": "2.9.1", "nodeVersion": "2.1.0", "hostCpu": 12.3, "#
            + #""hostMemory": 50.0, "hostDisk": 100.0, "minPrice": 10, "account": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Self.body().jsonData()) as? [String: Any])
        #expect(object.count == 11)
        #expect(object["ethProtocolVersion"] is NSNull)
    }

    @Test func percentagesAreClampedAndNeverNaN() {
        #expect(HeartbeatBody.percent(.nan) == "0.0")
        #expect(HeartbeatBody.percent(-3) == "0.0")
        #expect(HeartbeatBody.percent(250) == "100.0")
        #expect(HeartbeatBody.percent(0.04) == "0.0")
    }

    @Test func digestHeaderRecoversTheSigner() throws {
        let key = PrivateKey.generate()
        let data = Self.body().jsonData()
        let header = try HeartbeatSignature.authorization(body: data, key: key)
        #expect(header.hasPrefix("Digest: 0x"))
        let bytes = try Data(hexString: String(header.dropFirst("Digest: ".count)))
        #expect(bytes.count == 65)
        let v = bytes[64]
        #expect(v == 27 || v == 28)
        let signature = try Signature(r: bytes.prefix(32), s: bytes.dropFirst(32).prefix(32), recoveryID: v - 27)
        #expect(try signature.recoverAddress(hash: Keccak256.hash(data)) == key.address)
        // Raw keccak of the body, not the EIP-191 personal-message hash.
        let prefixed = Data("\u{19}Ethereum Signed Message:\n\(data.count)".utf8) + data
        #expect(try signature.recoverAddress(hash: Keccak256.hash(prefixed)) != key.address)
    }

    @Test func hostStatsArePercentages() {
        let first = HostStats.cpuSample()
        var spin = 0
        for i in 0..<200_000 { spin &+= i }
        #expect(spin != 1)
        let cpu = HostStats.cpuPercent(from: first, to: HostStats.cpuSample())
        #expect((0...100).contains(cpu))
        #expect((0...100).contains(HostStats.memoryPercent()))
        #expect((0...100).contains(HostStats.diskPercent(path: "/tmp/does/not/exist/events.db")))
        #expect(HostStats.processIdentifier().hasSuffix("-\(getpid())"))
    }

    static let yaml = """
    local:
      eth_node: {provider: HTTPProvider, args: {endpoint_uri: "http://127.0.0.1:8545"}}
      audit_contract_abi: {uri: ./abi.json, metadata: ./meta.json}
      keystore_file: ./key.json
      min_price_in_qsp: 10
      tx_timeout_seconds: 300
      max_assigned_requests: 5
      evt_polling_sec: 5
      block_mined_polling_interval_sec: 1
      analyzers: [{builtin: {timeout_sec: 60}}]
      gas_price: {strategy: dynamic}
    """

    func load(_ extra: String) throws -> NodeConfiguration {
        try ConfigurationLoader(environment: [:]).load(yaml: Self.yaml + "\n" + extra, env: "local", baseDirectory: "/etc/qsp").configuration
    }

    @Test func metricCollectionKeys() throws {
        #expect(try load("").metricCollection == .disabled)
        let on = try load("  metric_collection: {is_enabled: true, interval_seconds: 15, destination_endpoint: https://protocol.quantstamp.com/node-metrics}")
        #expect(on.metricCollection.isActive)
        #expect(on.metricCollection.intervalSeconds == 15)
        #expect(on.metricCollection.destinationEndpoint == "https://protocol.quantstamp.com/node-metrics")
        // Enabled without an endpoint sends nothing (§3.11).
        #expect(try load("  metric_collection: {is_enabled: true}").metricCollection.isActive == false)
        #expect(throws: ConfigurationError(key: "local.metric_collection.destination_endpoint", "")) {
            try load("  metric_collection: {is_enabled: true, destination_endpoint: 'ftp://x/y'}")
        }
        #expect(throws: ConfigurationError(key: "local.metric_collection.interval_seconds", "")) {
            try load("  metric_collection: {is_enabled: true, interval_seconds: 0}")
        }
    }
}
