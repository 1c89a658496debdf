#if canImport(Glibc)
import Glibc
#endif
import AuditNode
import Foundation
import Testing

/// Issue 10 item 8: a reorg past the assignment (evm_revert to before the request, then a burst of blocks) removes
/// a request the node had finished. Finality comes from the chain: the DN row is judged again and the store ends in
/// agreement with the chain (no DN for a request the chain does not show finished).
@Suite(.serialized) struct ReorgOfFinishedRequestTests {
    @Test func finishedRequestRemovedByAReorgIsRechecked() async throws {
        guard let e2e = try await E2E.make() else { return }
        let node = try await e2e.node()
        let process = try node.start()
        #expect(await eventually(timeout: .seconds(90)) { node.logs.contains("node started") })
        let snapshot = try await e2e.chain.rpc("evm_snapshot")
        try await e2e.scenario.queue(on: e2e.chain, uris: [e2e.uri("DAOBug.sol")])
        #expect(try await e2e.waitFinished([1], timeout: .seconds(120)), "\(node.logs.suffix(2000))")
        #expect(await eventually(timeout: .seconds(60)) { node.rows().first?.status == .done })
        // The reorg: back to before the request, then a longer chain without it.
        try await e2e.chain.rpc("evm_revert", [snapshot])
        try await e2e.chain.mine(12)
        #expect(try await e2e.inspector.finished().isEmpty)
        #expect(await eventually(timeout: .seconds(60)) { node.logs.contains("reorg removed a finished submission; re-checking") },
                "\(node.logs.suffix(3000))")
        // Whatever the node does now, the chain decides: if it waits for an assignment that never comes back, the
        // deadline (A + T, T = 50) ends the wait once blocks pass.
        if await !eventually(timeout: .seconds(30), { node.rows().first?.status.isFinal == true }) {
            try await e2e.chain.mine(60)
        }
        let agreed = await eventually(timeout: .seconds(120)) {
            guard let row = node.rows().first else { return false }
            let finishedOnChain = ((try? await e2e.inspector.finished()) ?? []).contains { $0.id == 1 }
            return row.status.isFinal && (row.status == .done) == finishedOnChain
        }
        let rows = node.rows().map { "\($0.requestID) \($0.status.rawValue) \($0.statusInfo)" }
        let onChain = try await e2e.inspector.finished().map(\.id)
        #expect(agreed, "rows: \(rows); finished on chain: \(onChain); log: \(node.logs.suffix(3000))")
        #expect(process.isRunning)
        await process.stop()
    }
}
