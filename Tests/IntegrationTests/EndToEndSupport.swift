import AuditNode
import Ethereum
import Foundation
import Testing

/// Shared set-up of the end-to-end tests: a private dev chain, the sample contracts on loopback HTTP, a scenario.
struct E2E {
    let chain: DevChain
    let server: ContractServer
    let scenario: Scenario
    let binary: String
    let inspector: ChainInspector

    /// nil (with a printed reason) when the binary or the devchain is missing.
    static func make(nodes: Int = 1, auditTimeout: Int = 50, requests: [String] = [], extra: [String] = []) async throws -> E2E? {
        guard let binary = Repo.nodeBinary else {
            print("skipping: build qsp-audit-node first (.build/debug/qsp-audit-node not found)")
            return nil
        }
        guard Repo.devchainAvailable else {
            print("skipping: devchain/serve is not present")
            return nil
        }
        let chain = try await DevChain()
        let server = try await ContractServer(directory: ContractServer.sampleContracts, logDir: chain.dir)
        let uris = requests.map { "\(server.baseURL)/\($0)" }
        let scenario = try await Scenario.deploy(on: chain, nodes: nodes, auditTimeout: auditTimeout, requests: uris, extra: extra)
        return E2E(chain: chain, server: server, scenario: scenario, binary: binary,
                   inspector: try ChainInspector(url: chain.url, audit: scenario.audit))
    }

    func node(_ index: Int = 0, url: String? = nil, options: NodeFixture.Options = .init()) async throws -> NodeFixture {
        try await NodeFixture(binary: binary, chainURL: url ?? chain.url, scenario: scenario, account: scenario.nodes[index], options: options)
    }

    func uri(_ file: String) -> String { "\(server.baseURL)/\(file)" }

    /// Waits until every request id has a LogAuditFinished (or `timeout`).
    func waitFinished(_ ids: [Int], timeout: Duration) async throws -> Bool {
        try await eventually(timeout: timeout, every: .milliseconds(500)) {
            let done = Set(try await inspector.finished().map(\.id))
            return Set(ids).isSubset(of: done)
        }
    }

    /// Exactly one LogAuditFinished per id, and no id finished twice.
    func expectExactlyOnce(_ ids: [Int]) async throws {
        let finished = try await inspector.finished()
        for id in ids {
            #expect(finished.filter { $0.id == id }.count == 1, "request \(id) finished \(finished.filter { $0.id == id }.count) times")
        }
    }
}

/// A wrapper-plugin analyzer that sleeps, then reports success with no findings.
func makeSlowWrapper(seconds: Double, name: String = "slow") throws -> String {
    let root = temporaryDirectory("qsp-wrappers")
    let dir = root.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let run = dir.appendingPathComponent("run")
    try """
    #!/bin/sh
    sleep \(seconds)
    echo '{"status": "success", "potential_vulnerabilities": []}'
    """.write(to: run, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: run.path)
    return root.path
}
