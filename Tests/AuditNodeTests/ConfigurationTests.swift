import Foundation
import Testing
@testable import AuditNode

@Suite struct ConfigurationTests {
    static let base = """
    local:
      eth_node:
        provider: HTTPProvider
        args:
          endpoint_uri: "http://127.0.0.1:${PORT:-8545}/${token}"
      audit_contract_abi:
        uri: ./abi/QuantstampAudit-v{major-version}.abi.json
        metadata: ./meta.json
      keystore_file: ./key.json
      min_price_in_qsp: !!int 10
      tx_timeout_seconds: 300
      max_assigned_requests: 5
      evt_polling_sec: 5
      block_mined_polling_interval_sec: 1
      n_blocks_confirmation: 6
      analyzers:
        - builtin: {args: "", timeout_sec: 60}
      gas_price:
        strategy: dynamic
        max_gas_price_wei: -1
      heartbeat_allowed: true
    """

    func load(_ yaml: String, env: String = "local", environment: [String: String] = [:]) throws -> ConfigurationLoader.Loaded {
        try ConfigurationLoader(environment: environment).load(yaml: yaml, env: env, baseDirectory: "/etc/qsp")
    }

    func replacing(_ old: String, with new: String) -> String {
        precondition(Self.base.contains(old))
        return Self.base.replacingOccurrences(of: old, with: new)
    }

    @Test func loadsReferenceKeysAndDefaults() throws {
        let loaded = try load(Self.base, environment: ["QSP_ETH_AUTH_TOKEN": "abc"])
        let c = loaded.configuration
        #expect(c.endpointURI == "http://127.0.0.1:8545/abc")
        #expect(c.abiPath == "/etc/qsp/abi/QuantstampAudit-v2.abi.json")
        #expect(c.minPriceInQSP == 10)
        #expect(c.gasPrice.capWei == nil)  // -1 means no cap, never a negative price
        #expect(c.confirmations == 6)
        #expect(c.analyzers == [AnalyzerSettings(name: "builtin", args: "", storageDir: NSTemporaryDirectory() + "qsp-builtin", timeoutSeconds: 60)])
        #expect(c.fetch.allowPrivateAddresses == false)
        #expect(c.statusServer.host == "127.0.0.1")
        #expect(loaded.warnings == ["ignoring retired configuration key 'local.heartbeat_allowed'"])
    }

    @Test func environmentSubstitution() throws {
        let c = try load(Self.base, environment: ["PORT": "9999"]).configuration
        #expect(c.endpointURI == "http://127.0.0.1:9999/")
        let missing = replacing("${PORT:-8545}", with: "${NOPE}")
        #expect(throws: ConfigurationError(key: "local.eth_node.args.endpoint_uri", "")) { try load(missing) }
    }

    @Test func missingRequiredKeyIsNamed() {
        let yaml = replacing("  max_assigned_requests: 5\n", with: "")
        #expect {
            try load(yaml)
        } throws: { error in
            let e = error as? ConfigurationError
            return e?.key == "local.max_assigned_requests" && e?.message.contains("integer") == true
        }
    }

    @Test func invalidValuesNameTheKey() {
        let cases: [(String, String, String)] = [
            ("strategy: dynamic", "strategy: fast", "local.gas_price.strategy"),
            ("n_blocks_confirmation: 6", "n_blocks_confirmation: 51", "local.n_blocks_confirmation"),
            ("provider: HTTPProvider", "provider: IPCProvider", "local.eth_node.provider"),
            ("tx_timeout_seconds: 300", "tx_timeout_seconds: soon", "local.tx_timeout_seconds"),
            ("max_gas_price_wei: -1", "max_gas_price_wei: 5\n    default_gas_price_wei: 6", "local.gas_price.default_gas_price_wei"),
            ("- builtin: {args: \"\", timeout_sec: 60}", "- builtin: {timeout_sec: 0}", "local.analyzers[0].builtin.timeout_sec"),
            ("- builtin: {args: \"\", timeout_sec: 60}", "- \"../evil\": {}", "local.analyzers[0]"),
        ]
        for (old, new, key) in cases {
            #expect(throws: ConfigurationError(key: key, ""), "\(new)") { try load(replacing(old, with: new)) }
        }
    }

    @Test func unknownEnvironmentListsTheOthers() {
        #expect {
            try load(Self.base, env: "mainnet")
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("available: local") == true
        }
    }

    @Test func staticStrategyNeedsAPrice() {
        #expect(throws: ConfigurationError(key: "local.gas_price.default_gas_price_wei", "")) {
            try load(replacing("strategy: dynamic", with: "strategy: static"))
        }
    }

    @Test func shippedConfigLoadsEveryEnvironment() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../config/config.yaml").path
        for env in ["local", "testnet", "mainnet"] {
            let c = try ConfigurationLoader(environment: [:]).load(path: path, env: env).configuration
            #expect(FileManager.default.fileExists(atPath: c.abiPath), "\(env): \(c.abiPath)")
        }
    }

    @Test func passphraseFromFileAndRedaction() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pass-\(UUID().uuidString)")
        try "s3cret\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = try Passphrase.fromEnvironment(["QSP_ETH_PASSPHRASE_FILE": file.path])
        #expect(p.value == "s3cret")
        #expect("\(p)" == "<redacted>")
        #expect(!String(reflecting: p).contains("s3cret"))
        #expect(throws: ConfigurationError(key: "QSP_ETH_PASSPHRASE", "")) { try Passphrase.fromEnvironment([:]) }
    }
}
