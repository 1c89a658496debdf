#if canImport(Glibc)
import Glibc
#endif
import AuditNode
import Ethereum
import Foundation
import Testing

/// The node behind `devchain/faultproxy` (issue 10): only a definitive answer finalizes a request; dropped
/// connections, HTTP 500, JSON-RPC -32000 errors, 5 s delays and truncated answers are retried.
@Suite(.serialized) struct FaultInjectionTests {
    static let twelve = ["DAOBug.sol", "BasicToken.sol", "Empty.sol", "Queue.sol", "DappBinWallet.sol", "DAOBugOld.sol",
                         "DAOBug.sol", "BasicToken.sol", "Empty.sol", "Queue.sol", "DappBinWallet.sol", "DAOBugOld.sol"]

    /// (1) 20 % random faults of every kind, three seeds, 12 requests each: every request reported exactly once,
    /// the node never exits, and the metrics equal the chain's counts.
    @Test(arguments: [11, 23, 37]) func randomFaultsLoseNoRequest(seed: Int) async throws {
        guard let e2e = try await E2E.make(requests: Self.twelve) else { return }
        let proxy = try await FaultProxy(upstream: e2e.chain.url, dir: e2e.chain.dir, seed: seed, rate: 0.2)
        let node = try await e2e.node(url: proxy.url)
        let process = try node.start()
        let ids = e2e.scenario.requests.map(\.id)
        let ok = try await e2e.waitFinished(ids, timeout: .seconds(600))
        #expect(ok, "seed \(seed): not all requests finished; rows: \(node.rows().map { "\($0.requestID) \($0.status.rawValue) \($0.statusInfo)" }); log tail: \(node.logs.suffix(3000))")
        try await e2e.expectExactlyOnce(ids)
        #expect(process.isRunning, "seed \(seed): the node must never exit; log tail: \(node.logs.suffix(3000))")
        #expect(await eventually(timeout: .seconds(120)) { node.rows().filter { $0.status == .done }.count == ids.count },
                "seed \(seed): rows: \(node.rows().map { "\($0.requestID) \($0.status.rawValue) \($0.statusInfo)" })")
        // Counters against the chain, read with faults switched off.
        try await proxy.setRate(0)
        let finished = try await e2e.inspector.finished()
        let probe = StatusProbe(node: node)
        let settled = await eventually(timeout: .seconds(30)) {
            let m = await probe.metrics()
            return m["qsp_requests_done_total{type=\"AU\"}"] == Double(finished.count)
        }
        let metrics = await probe.metrics()
        #expect(settled, "seed \(seed): done_total \(metrics["qsp_requests_done_total{type=\"AU\"}"] ?? -1) vs \(finished.count) finished on chain")
        #expect(metrics["qsp_requests_error_total{type=\"AU\"}"] == 0)
        #expect(metrics["qsp_requests{status=\"DN\",type=\"AU\"}"] == Double(ids.count))
        // Every injected failure was seen (and counted) by the node as one failed call.
        let stats = try await proxy.stats()
        let counted = metrics.filter { $0.key.hasPrefix("qsp_rpc_errors_total") }.values.reduce(0, +)
        #expect(stats.failures > 0, "seed \(seed): no fault was injected")
        #expect(counted >= Double(stats.failures), "seed \(seed): \(counted) RPC errors counted for \(stats.failures) injected (\(stats.injected))")
        #expect(metrics["qsp_rpc_errors_total{kind=\"http\"}", default: 0] == Double(stats.injected["http500", default: 0]))
        #expect(metrics["qsp_rpc_errors_total{kind=\"malformed\"}", default: 0] == Double(stats.injected["truncate", default: 0]))
        print("seed \(seed): \(stats.requests) calls, injected \(stats.injected), delayed \(stats.delayed); counted \(metrics.filter { $0.key.hasPrefix("qsp_rpc_errors_total") })")
        await process.stop()
    }

    /// (2)(3)(4) One targeted fault each: a truncated answer to getAuditTimeoutInBlocks at audit start, a -32000 on
    /// the first submitReport broadcast, a truncated answer to a submitReport broadcast that lands, and a -32000
    /// on a bid. Nothing ends in ER, every request is reported exactly once, bidding never loops on a duplicate.
    @Test func singleTargetedFaultsAreRetried() async throws {
        guard let e2e = try await E2E.make() else { return }
        let proxy = try await FaultProxy(upstream: e2e.chain.url, dir: e2e.chain.dir)
        let node = try await e2e.node(url: proxy.url)
        let process = try node.start()
        #expect(await eventually(timeout: .seconds(90)) { node.logs.contains("node started") }, "\(node.logs.suffix(2000))")
        try await proxy.arm("truncate", method: "eth_call", selector: selector("getAuditTimeoutInBlocks()"))
        try await proxy.arm("rpc_error", method: "eth_sendRawTransaction", selector: selector("getNextAuditRequest()"))
        try await proxy.arm("rpc_error", method: "eth_sendRawTransaction", selector: selector("submitReport(uint256,uint8,bytes)"))
        try await proxy.arm("truncate", method: "eth_sendRawTransaction", selector: selector("submitReport(uint256,uint8,bytes)"))
        try await e2e.scenario.queue(on: e2e.chain, uris: [e2e.uri("DAOBug.sol"), e2e.uri("Queue.sol"), e2e.uri("BasicToken.sol")])
        let ids = [1, 2, 3]
        let ok = try await e2e.waitFinished(ids, timeout: .seconds(240))
        #expect(ok, "rows: \(node.rows().map { "\($0.requestID) \($0.status.rawValue) \($0.statusInfo)" }); log tail: \(node.logs.suffix(3000))")
        try await e2e.expectExactlyOnce(ids)
        #expect(try await proxy.armedLeft() == 0, "every targeted fault fired")
        #expect(await eventually(timeout: .seconds(60)) { node.rows().filter { $0.status == .done }.count == ids.count },
                "rows: \(node.rows().map { "\($0.requestID) \($0.status.rawValue) \($0.statusInfo)" })")
        #expect(!node.rows().contains { $0.status == .error })
        #expect(!node.logs.contains("UNIQUE constraint"), "a refused bid must not be re-signed into a duplicate")
        let probe = StatusProbe(node: node)
        #expect(await eventually(timeout: .seconds(20)) { await probe.metrics()["qsp_requests_done_total{type=\"AU\"}"] == 3 })
        let metrics = await probe.metrics()
        #expect(metrics["qsp_requests_error_total{type=\"AU\"}"] == 0)
        let perRequest = try await e2e.inspector.submitTransactions(from: try Address(node.account.address))
        for id in ids { #expect(perRequest[id] == 1, "request \(id): \(perRequest[id] ?? 0) submitReport transactions mined") }
        #expect(process.isRunning)
        await process.stop()
    }

    /// (5) A -32000 on getMaxAssignedRequests and a dropped eth_chainId during start-up validation are retried with
    /// backoff, with a log line saying start-up is blocked and why; the node then serves.
    @Test func transientStartupErrorsAreRetried() async throws {
        guard let e2e = try await E2E.make(requests: ["DAOBug.sol"]) else { return }
        let proxy = try await FaultProxy(upstream: e2e.chain.url, dir: e2e.chain.dir)
        try await proxy.arm("drop", method: "eth_chainId")
        try await proxy.arm("rpc_error", method: "eth_call", selector: selector("getMaxAssignedRequests()"), count: 6)
        let node = try await e2e.node(url: proxy.url)
        let process = try node.start()
        #expect(await eventually(timeout: .seconds(60)) { node.logs.contains("start-up blocked; retrying") })
        #expect(node.logs.contains("getMaxAssignedRequests") || node.logs.contains("eth_chainId"))
        #expect(await eventually(timeout: .seconds(120)) { node.logs.contains("node started") }, "\(node.logs.suffix(3000))")
        #expect(node.logs.contains("start-up unblocked"))
        #expect(try await e2e.waitFinished([1], timeout: .seconds(120)))
        #expect(process.isRunning)
        await process.stop()
    }

    /// Issue 9 item 10: an unreachable endpoint at start-up is reported at once (log and /health), retried with
    /// backoff, and the node starts when the endpoint comes back.
    @Test func unreachableEndpointAtStartupIsReported() async throws {
        guard let e2e = try await E2E.make(requests: ["DAOBug.sol"]) else { return }
        let proxy = try await TCPProxy(target: e2e.chain.port, dir: e2e.chain.dir)
        await proxy.cut()
        let node = try await e2e.node(url: "http://127.0.0.1:\(proxy.port)")
        let process = try node.start()
        #expect(await eventually(timeout: .seconds(30)) { node.logs.contains("start-up blocked; retrying") }, "\(node.logs.suffix(2000))")
        let probe = StatusProbe(node: node)
        var health: [String: Any]?
        #expect(await eventually(timeout: .seconds(30)) {
            health = await probe.health()
            return (health?["startup"] as? [String: Any])?["blocked"] as? Bool == true
        }, "health: \(String(describing: health))")
        #expect(health?["status"] as? String == "starting")
        try? await Task.sleep(for: .seconds(5))
        #expect(process.isRunning)
        try await proxy.start()
        #expect(await eventually(timeout: .seconds(90)) { node.logs.contains("node started") }, "\(node.logs.suffix(2000))")
        #expect(try await e2e.waitFinished([1], timeout: .seconds(120)))
        #expect(await eventually(timeout: .seconds(20)) { (await probe.health()?["startup"] as? [String: Any])?["blocked"] as? Bool == false })
        await process.stop()
    }

    /// (11) `/health` turns "stalled" when a report cannot be delivered and nothing progresses, and back to "ok" when
    /// work moves; the oldest open assignment's age is on /health and /metrics.
    @Test func healthTurnsStalledAndRecovers() async throws {
        guard let e2e = try await E2E.make() else { return }
        let proxy = try await FaultProxy(upstream: e2e.chain.url, dir: e2e.chain.dir)
        var options = NodeFixture.Options()
        options.stallAfterSeconds = 15
        let node = try await e2e.node(url: proxy.url, options: options)
        let process = try node.start()
        #expect(await eventually(timeout: .seconds(90)) { node.logs.contains("node started") })
        try await proxy.arm("rpc_error", method: "eth_sendRawTransaction", selector: selector("submitReport(uint256,uint8,bytes)"), count: 100_000)
        try await e2e.scenario.queue(on: e2e.chain, uris: [e2e.uri("DAOBug.sol")])
        let probe = StatusProbe(node: node)
        #expect(await eventually(timeout: .seconds(60)) { node.rows().contains { $0.status == .submitted } })
        let wedged = ContinuousClock.now
        var health: [String: Any]?
        let stalled = await eventually(timeout: .seconds(60)) {
            health = await probe.health()
            return health?["status"] as? String == "stalled"
        }
        #expect(stalled, "health: \(String(describing: health)); log: \(node.logs.suffix(2000))")
        #expect(ContinuousClock.now - wedged < .seconds(60))
        #expect((health?["oldest_open_assignment_age_seconds"] as? Double ?? 0) > 0)
        #expect(health?["open_requests"] as? Int == 1)
        #expect(await probe.metrics()["qsp_stalled"] == 1)
        try await proxy.clear()
        #expect(try await e2e.waitFinished([1], timeout: .seconds(120)))
        let recovered = await eventually(timeout: .seconds(60)) {
            health = await probe.health()
            return health?["status"] as? String == "ok"
        }
        #expect(recovered, "health: \(String(describing: health))")
        #expect(await probe.metrics()["qsp_stalled"] == 0)
        await process.stop()
    }

    /// (9) A database of another deployment (new contract, same path) is refused with a clear message.
    @Test func reusedDatabaseOfAnotherDeploymentIsRefused() async throws {
        guard let e2e = try await E2E.make(requests: ["DAOBug.sol"]) else { return }
        let node = try await e2e.node()
        var process = try node.start()
        #expect(try await e2e.waitFinished([1], timeout: .seconds(120)))
        process.signal(SIGTERM)
        #expect(await process.wait(timeout: .seconds(60)) == 0)
        let second = try await Scenario.deploy(on: e2e.chain, requests: [e2e.uri("Queue.sol")])
        #expect(second.audit != e2e.scenario.audit)
        try #"{"contractAddress": "\#(second.audit)", "version": "2.9.1"}"#
            .write(toFile: node.dir.appendingPathComponent("meta.json").path, atomically: true, encoding: .utf8)
        process = try node.start()
        #expect(await process.wait(timeout: .seconds(60)) == 2, "\(node.logs.suffix(2000))")
        #expect(node.logs.contains("evt_db_path") && node.logs.contains("belongs to"), "\(node.logs.suffix(2000))")
        #expect(node.rows().count == 1, "nothing of the new deployment entered the old store")
    }
}
