#if canImport(Glibc)
import Glibc
#endif
import AuditNode
import AuditReport
import Ethereum
import Foundation
import Testing

/// End-to-end: the built `qsp-audit-node` binary against a private dev chain, real SQLite and real analyzers.
@Suite(.serialized) struct EndToEndTests {
    static let samples = ["DAOBug.sol", "BasicToken.sol", "Empty.sol", "Queue.sol", "DappBinWallet.sol"]

    /// (1) Five queued requests are all answered on chain; the compressed reports decode to the node's report.
    @Test func fiveRequestsAreAnswered() async throws {
        guard let e2e = try await E2E.make(requests: Self.samples) else { return }
        let node = try await e2e.node()
        let process = try node.start()
        let ids = e2e.scenario.requests.map(\.id)
        let ok = try await e2e.waitFinished(ids, timeout: .seconds(120))
        #expect(ok, "not all requests finished; node log tail: \(node.logs.suffix(3000))")
        try await e2e.expectExactlyOnce(ids)
        let finished = try await e2e.inspector.finished()
        for id in ids {
            #expect([4, 5].contains(try await e2e.inspector.state(id)))
        }
        #expect(await eventually(timeout: .seconds(30)) { node.rows().filter { $0.status == .done }.count == ids.count })
        for row in node.rows() {
            let onChain = try #require(finished.first { $0.id == row.requestID.reportInteger })
            let decoded = try ChainInspector.decode(onChain.report)
            let full = try JSONSerialization.jsonObject(with: Data((row.fullReport ?? "{}").utf8)) as? [String: Any]
            #expect(decoded.contractHash?.lowercased() == (full?["contract_hash"] as? String))
            #expect(decoded.auditState == row.auditState && onChain.state == row.auditState)
            #expect(Data(onChain.report) == row.compressedReport)
            #expect(row.auditURI == nil || row.auditURI?.isEmpty == false)
        }
        // Health, metrics and the status page on the logged loopback port.
        let portLine = node.logs.split(separator: "\n").first { $0.contains("status server listening") }
        let port = portLine.flatMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["port"] as? String
        }
        #expect(port != nil)
        if let port {
            let health = try await runCommand("/usr/bin/curl", ["-s", "-m", "5", "http://127.0.0.1:\(port)/health"])
            #expect(health.contains("\"status\":\"ok\""), "\(health)")
            let metrics = try await runCommand("/usr/bin/curl", ["-s", "-m", "5", "http://127.0.0.1:\(port)/metrics"])
            #expect(metrics.contains("qsp_bids_total") && metrics.contains("qsp_requests_done_total"))
            let page = try await runCommand("/usr/bin/curl", ["-s", "-m", "5", "http://127.0.0.1:\(port)/"])
            #expect(page.contains("<h1>qsp-audit-node</h1>") && page.contains("DN: \(ids.count)"))
        }
        // SIGHUP reloads the configuration without a restart.
        process.signal(SIGHUP)
        #expect(await eventually(timeout: .seconds(10)) { node.logs.contains("configuration reloaded") })
        #expect(process.isRunning)
        process.signal(SIGTERM)
        #expect(await process.wait(timeout: .seconds(30)) == 0)
        // The events command reads the store.
        let listing = try await runCommand(e2e.binary, ["events", "--db", node.dbPath, "--json", "--status", "DN"])
        #expect(listing.split(separator: "\n").count == ids.count)
    }

    /// (2) kill -9 after the assignment, mid-audit and right after the submit transaction; restarts finish every
    /// request exactly once with no duplicate submitReport.
    @Test func killNineAndRestartReportsExactlyOnce() async throws {
        guard let e2e = try await E2E.make(requests: Array(Self.samples.prefix(4))) else { return }
        var options = NodeFixture.Options()
        options.analyzer = "slow"
        options.wrappersDir = try makeSlowWrapper(seconds: 2)
        options.workers = 1
        let node = try await e2e.node(options: options)
        let ids = e2e.scenario.requests.map(\.id)
        var kills: [String] = []
        // After an assignment is registered.
        var process = try node.start()
        if await eventually(timeout: .seconds(60), { node.rows().contains { $0.status == .assigned } }) {
            process.signal(SIGKILL); _ = await process.wait(timeout: .seconds(5)); kills.append("after assignment")
        }
        // Mid-audit (the slow analyzer runs 2 s).
        process = try node.start()
        // Wait for an audit of this run to be under way (started, not finished): timing-independent, unlike a sleep.
        let auditUnderWay = await eventually(timeout: .seconds(60), every: .milliseconds(50)) {
            let log = node.currentRunLog
            return log.components(separatedBy: "audit started").count > log.components(separatedBy: "audit finished").count
        }
        if auditUnderWay, node.rows().contains(where: { $0.status == .assigned }) {
            process.signal(SIGKILL); _ = await process.wait(timeout: .seconds(5)); kills.append("mid-audit")
        }
        // Right after a submit transaction was persisted.
        process = try node.start()
        let submittedBefore = node.transactions().filter { $0.purpose == .submitReport }.count
        if await eventually(timeout: .seconds(60), every: .milliseconds(20), { node.transactions().filter { $0.purpose == .submitReport }.count > submittedBefore }) {
            process.signal(SIGKILL); _ = await process.wait(timeout: .seconds(5)); kills.append("after submit tx")
        }
        process = try node.start()
        let ok = try await e2e.waitFinished(ids, timeout: .seconds(180))
        #expect(ok, "kills: \(kills); log tail: \(node.logs.suffix(3000))")
        #expect(kills.count == 3, "kills done: \(kills)")
        try await e2e.expectExactlyOnce(ids)
        let perRequest = try await e2e.inspector.submitTransactions(from: try Address(node.account.address))
        for id in ids { #expect(perRequest[id] == 1, "request \(id): \(perRequest[id] ?? 0) submitReport transactions mined") }
        let events = try await e2e.inspector.events()
        #expect(!events.contains { if case .invalidState = $0 { true } else { false } })
        await process.stop()
    }

    /// (3) Two nodes race for the same requests; each request is answered exactly once.
    @Test func twoNodesRace() async throws {
        let files = Self.samples + ["kyber.sol"]
        guard let e2e = try await E2E.make(nodes: 2, requests: files) else { return }
        let a = try await e2e.node(0), b = try await e2e.node(1)
        let pa = try a.start(), pb = try b.start()
        let ids = e2e.scenario.requests.map(\.id)
        let ok = try await e2e.waitFinished(ids, timeout: .seconds(150))
        #expect(ok, "a: \(a.logs.suffix(1500)) b: \(b.logs.suffix(1500))")
        try await e2e.expectExactlyOnce(ids)
        #expect(await eventually(timeout: .seconds(20)) {
            (a.rows() + b.rows()).filter { $0.status == .done }.count == ids.count
        })
        #expect((a.rows() + b.rows()).allSatisfy { $0.status == .done })
        await pa.stop(); await pb.stop()
    }

    /// (4) The chain is unreachable for 30 s mid-run; the node keeps running and finishes afterwards.
    @Test func chainOutageIsSurvived() async throws {
        guard let e2e = try await E2E.make(requests: ["DAOBug.sol", "Queue.sol"]) else { return }
        let proxy = try await TCPProxy(target: e2e.chain.port, dir: e2e.chain.dir)
        let node = try await e2e.node(url: "http://127.0.0.1:\(proxy.port)")
        let process = try node.start()
        let first = e2e.scenario.requests.map(\.id)
        #expect(try await e2e.waitFinished(first, timeout: .seconds(90)))
        await proxy.cut()
        try await e2e.scenario.queue(on: e2e.chain, uris: [e2e.uri("BasicToken.sol"), e2e.uri("Empty.sol")])
        try? await Task.sleep(for: .seconds(30))
        #expect(process.isRunning, "the node must survive the outage")
        try await proxy.start()
        let all = Array(1...(first.max()! + 2))
        let ok = try await e2e.waitFinished(all, timeout: .seconds(120))
        #expect(ok, "log tail: \(node.logs.suffix(3000))")
        try await e2e.expectExactlyOnce(all)
        await process.stop()
    }

    /// (5) An assignment whose window passes during the audit is not submitted and ends ER (expired).
    @Test func expiredAssignmentIsNotSubmitted() async throws {
        guard let e2e = try await E2E.make(auditTimeout: 3, requests: ["DAOBug.sol"]) else { return }
        var options = NodeFixture.Options()
        options.analyzer = "slow"
        options.wrappersDir = try makeSlowWrapper(seconds: 4)
        options.analyzerTimeout = 30
        options.extra = "  submission_timeout_limit_blocks: 2"
        let node = try await e2e.node(options: options)
        let process = try node.start()
        #expect(await eventually(timeout: .seconds(60)) { node.rows().contains { $0.status == .assigned } })
        try await e2e.chain.mine(5)  // A + T passes while the analyzer sleeps
        #expect(await eventually(timeout: .seconds(60)) { node.rows().contains { $0.status == .error } },
                "log tail: \(node.logs.suffix(3000))")
        let row = try #require(node.rows().first)
        #expect(row.status == .error && row.statusInfo.contains("expired"))
        #expect(node.transactions().filter { $0.purpose == .submitReport }.isEmpty)
        #expect(try await e2e.inspector.finished().isEmpty)
        await process.stop()
    }

    /// An account without enough stake keeps running in a waiting state and does not bid.
    @Test func understakedNodeWaits() async throws {
        guard let e2e = try await E2E.make(requests: ["DAOBug.sol"]) else { return }
        let node = try await NodeFixture(binary: e2e.binary, chainURL: e2e.chain.url, scenario: e2e.scenario, account: e2e.scenario.owner)
        let process = try node.start()
        #expect(await eventually(timeout: .seconds(30)) { node.logs.contains("stake too small; waiting") })
        try? await Task.sleep(for: .seconds(2))
        #expect(process.isRunning)
        #expect(!node.transactions().contains { $0.purpose == .bid })
        await process.stop()
    }

    /// Start-up validation against the chain names the key and exits 2.
    @Test func configurationCheckedAgainstTheChain() async throws {
        guard let e2e = try await E2E.make(auditTimeout: 3) else { return }
        let node = try await e2e.node()  // submission_timeout_limit_blocks defaults to 10 > T = 3
        let process = try node.start()
        #expect(await process.wait(timeout: .seconds(60)) == 2)
        #expect(node.logs.contains("submission_timeout_limit_blocks"))
        #expect(!node.logs.contains("test-pass"), "the passphrase must never be logged")
    }

    /// (6) SIGTERM while an audit runs: the node finishes it, submits it, then exits 0.
    @Test func sigtermDrainsInFlightWork() async throws {
        guard let e2e = try await E2E.make(requests: ["DAOBug.sol"]) else { return }
        var options = NodeFixture.Options()
        options.analyzer = "slow"
        options.wrappersDir = try makeSlowWrapper(seconds: 3)
        let node = try await e2e.node(options: options)
        let process = try node.start()
        #expect(await eventually(timeout: .seconds(60)) { node.rows().contains { $0.status == .assigned } })
        process.signal(SIGTERM)
        let status = await process.wait(timeout: .seconds(60))
        #expect(status == 0, "log tail: \(node.logs.suffix(3000))")
        #expect(node.rows().first?.status == .done, "rows: \(node.rows().map { "\($0.requestID) \($0.status) \($0.statusInfo)" })")
        #expect(try await e2e.inspector.finished().count == 1)
        #expect(node.logs.contains("graceful shutdown"))
    }
}
