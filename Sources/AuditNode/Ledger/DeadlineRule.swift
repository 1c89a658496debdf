import Ethereum
import Foundation

/// The one deadline rule (PROTOCOL.md §3.3, §3.9): the last block in which a request's submission may be mined.
/// AU rows: A + T, with A the assignment block and T the contract's audit timeout (read live, cached briefly by
/// `ChainParameters`); PC rows: R + P as the police contract's `policeTimeouts(id)` says. The auditor (before an
/// audit), the submitter (before each send) and the restart reconciler (with its margin) all ask here.
public struct DeadlineRule: Sendable {
    let parameters: ChainParameters
    let chain: AuditChain
    let policeContract: Address

    /// Creates the rule.
    public init(parameters: ChainParameters, chain: AuditChain, policeContract: Address) {
        self.parameters = parameters
        self.chain = chain
        self.policeContract = policeContract
    }

    /// The deadline block of `request` (its assignment block being `assignedBlock`).
    public func deadline(of request: RequestSummary, assignedBlock: Int64? = nil) async throws(ChainError) -> Int64 {
        switch request.type {
        case .audit:
            return (assignedBlock ?? request.assignedBlock) + (try await parameters.auditTimeout())
        case .police:
            return try await chain.policeTimeout(request.requestID.value, policeContract: policeContract)
        }
    }

    /// Whether a transaction sent at `head` can still be mined by `deadline` with `margin` blocks to spare.
    public static func canMeet(_ deadline: Int64, head: Int64, margin: Int64 = 0) -> Bool {
        head + 1 + margin <= deadline
    }
}
