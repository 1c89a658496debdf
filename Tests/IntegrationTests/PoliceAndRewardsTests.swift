#if canImport(Glibc)
import Glibc
#endif
import AuditNode
import Ethereum
import Foundation
import Testing

/// A police node checks the audit node's reports; once the police window is over the auditor claims its reward.
@Suite(.serialized) struct PoliceAndRewardsTests {
    @Test func policeVerifiesAndAuditorClaims() async throws {
        guard let e2e = try await E2E.make(requests: ["DAOBug.sol", "Queue.sol"],
                                           extra: ["--police", "1", "--police-timeout", "15", "--police-per-report", "1"]) else { return }
        var auditorOptions = NodeFixture.Options()
        auditorOptions.rewardsInterval = 2
        let auditor = try await e2e.node(options: auditorOptions)
        let police = try await NodeFixture(binary: e2e.binary, chainURL: e2e.chain.url, scenario: e2e.scenario,
                                     account: e2e.scenario.police[0])
        let pa = try auditor.start(), pp = try police.start()
        let ids = e2e.scenario.requests.map(\.id)
        #expect(try await e2e.waitFinished(ids, timeout: .seconds(90)), "auditor: \(auditor.logs.suffix(2000))")
        let policed = await eventually(timeout: .seconds(90)) {
            police.rows().filter { $0.type == .police && $0.status == .done }.count == ids.count
        }
        #expect(policed, "police rows: \(police.rows().map { "\($0.requestID) \($0.status) \($0.statusInfo)" }) log: \(police.logs.suffix(2000))")
        let verdicts = try await e2e.inspector.events().compactMap { event -> (Int, Bool)? in
            if case .policeFinished(let id, _, let verified) = event { return (Int(id.uint64 ?? 0), verified) }
            return nil
        }
        #expect(verdicts.count == ids.count)
        #expect(verdicts.allSatisfy { $0.1 }, "same pipeline on the same contract must verify: \(verdicts)")
        #expect(police.rows().allSatisfy { $0.policeVerdict == true })
        // The police node does not bid.
        #expect(!police.transactions().contains { $0.purpose == .bid })
        // After R + P the auditor's rewards become claimable; the rewards service claims them.
        try await e2e.chain.mine(20)
        let claimed = await eventually(timeout: .seconds(60)) {
            auditor.transactions().contains { $0.purpose == .claimRewards && $0.state == .mined && $0.receiptStatus == 1 }
        }
        #expect(claimed, "auditor log: \(auditor.logs.suffix(2000))")
        await pa.stop(); await pp.stop()
    }
}
