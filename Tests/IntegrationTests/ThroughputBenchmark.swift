#if canImport(Glibc)
import Glibc
#endif
import AuditNode
import Foundation
import Testing

/// 100 requests with an instant analyzer: wall time from the first queued request to the last report on chain,
/// the node's RSS idle and during the run, and the chain's raw transaction throughput in the same run.
/// Opt-in (QSP_NODE_BENCH=1) because it takes a minute or more; prints one JSON line with the numbers.
@Suite(.serialized) struct ThroughputBenchmark {
    @Test func hundredRequests() async throws {
        guard ProcessInfo.processInfo.environment["QSP_NODE_BENCH"] == "1" else {
            print("skipping: set QSP_NODE_BENCH=1 to run the 100-request measurement")
            return
        }
        let count = Int(ProcessInfo.processInfo.environment["QSP_NODE_BENCH_REQUESTS"] ?? "100") ?? 100
        guard let e2e = try await E2E.make() else { return }
        let wrappers = temporaryDirectory("qsp-instant")
        let dir = wrappers.appendingPathComponent("instant")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "#!/bin/sh\necho '{\"status\": \"success\"}'\n".write(to: dir.appendingPathComponent("run"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.appendingPathComponent("run").path)
        var options = NodeFixture.Options()
        options.analyzer = "instant"
        options.wrappersDir = wrappers.path
        options.workers = 4
        options.maxAssigned = 10
        let node = try await e2e.node(options: options)
        let process = try node.start()
        try? await Task.sleep(for: .seconds(5))
        let idleRSS = process.rssKiB ?? 0

        // Queue from a separate task so the node bids while requests arrive; sample RSS meanwhile.
        let uris = (0..<count).map { _ in e2e.uri("DAOBug.sol") }
        let start = ContinuousClock.now
        let queueTask = Task.detached { () throws -> Duration in
            let t0 = ContinuousClock.now
            for chunk in stride(from: 0, to: uris.count, by: 25) {
                try await e2e.scenario.queue(on: e2e.chain, uris: Array(uris[chunk..<min(chunk + 25, uris.count)]))
            }
            return ContinuousClock.now - t0
        }
        var peakRSS = idleRSS
        let ids = Array(1...count)
        var finishedAt: Duration?
        while ContinuousClock.now - start < .seconds(900) {
            peakRSS = max(peakRSS, process.rssKiB ?? 0)
            if Set(try await e2e.inspector.finished().map(\.id)).isSuperset(of: ids) {
                finishedAt = ContinuousClock.now - start
                break
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        let queueDuration = try await queueTask.value
        #expect(finishedAt != nil, "log tail: \(node.logs.suffix(2000))")
        try await e2e.expectExactlyOnce(ids)
        let wall = finishedAt.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? -1
        let queueSeconds = Double(queueDuration.components.seconds) + Double(queueDuration.components.attoseconds) / 1e18
        let nodeTxs = node.transactions().count
        let result: [String: Any] = [
            "requests": count, "wall_seconds_first_queue_to_last_report": wall,
            "node_transactions": nodeTxs, "node_tx_per_second": Double(nodeTxs) / wall,
            "raw_requestAudit_tx_per_second": Double(count) / queueSeconds, "queue_seconds": queueSeconds,
            "rss_idle_kib": idleRSS, "rss_peak_kib": peakRSS,
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print("NODE_BENCH " + String(decoding: json, as: UTF8.self))
        try String(decoding: json, as: UTF8.self).write(toFile: FileManager.default.temporaryDirectory.appendingPathComponent("qsp-node-bench.json").path,
                                                         atomically: true, encoding: .utf8)
        await process.stop()
    }
}
