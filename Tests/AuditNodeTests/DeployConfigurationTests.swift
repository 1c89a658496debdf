import Foundation
import Testing
@testable import AuditNode

/// The configurations shipped for containers and Kubernetes load with the node's own loader.
@Suite struct DeployConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func containerConfigurationLoads() throws {
        let path = Self.root.appendingPathComponent("deploy/container/config.yaml").path
        let loaded = try ConfigurationLoader(environment: ["QSP_ETH_ENDPOINT": "https://mainnet.example/v3/abc"]).load(path: path, env: "mainnet")
        let c = loaded.configuration
        #expect(c.endpointURI == "https://mainnet.example/v3/abc")
        #expect(c.databasePath == "/var/lib/qsp-audit-node/events.db")
        #expect(c.statusServer.port == 9464 && c.statusServer.host == "127.0.0.1")
        #expect(c.metricCollection.isActive)
        #expect(loaded.warnings.isEmpty)
        // Without the endpoint variable the error names it.
        #expect(throws: ConfigurationError(key: "mainnet.eth_node.args.endpoint_uri", "")) {
            try ConfigurationLoader(environment: [:]).load(path: path, env: "mainnet")
        }
    }

    @Test func kubernetesConfigurationLoads() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("deploy/kubernetes/configmap.yaml"), encoding: .utf8)
        // The block scalar under `config.yaml: |`, indented by four spaces.
        let lines = manifest.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("  config.yaml: |") })
        let yaml = lines[(start + 1)...].prefix { $0.hasPrefix("    ") || $0.isEmpty }.map { String($0.dropFirst(min(4, $0.count))) }
            .joined(separator: "\n")
        let loaded = try ConfigurationLoader(environment: ["QSP_ETH_AUTH_TOKEN": "t"]).load(yaml: yaml, env: "mainnet", baseDirectory: "/")
        #expect(loaded.configuration.endpointURI.hasSuffix("/v3/t"))
        #expect(loaded.configuration.keystoreFile == "/var/lib/qsp-audit-node/keystore.json")
        #expect(loaded.configuration.statusServer.port == 9464)
    }
}
