import Metrics

/// The node's metrics (created through the process-wide `MetricsSystem`, bootstrapped once by the executable).
public struct NodeMetrics: Sendable {
    /// Latest head block seen.
    public let headBlock = Gauge(label: "qsp_head_block")
    /// Bids sent (`getNextAuditRequest`).
    public let bids = Counter(label: "qsp_bids_total")
    /// Assignments won.
    public let assignments = Counter(label: "qsp_assignments_total")
    /// Audits finished, by state ("4"/"5").
    public func audits(state: Int) -> Counter { Counter(label: "qsp_audits_total", dimensions: [("audit_state", "\(state)")]) }
    /// Audits running now.
    public let auditsInFlight = Gauge(label: "qsp_audits_in_flight")
    /// Audit duration.
    public let auditDuration = Timer(label: "qsp_audit_duration")
    /// Requests reaching DN, by type.
    public func done(type: RequestType) -> Counter { Counter(label: "qsp_requests_done_total", dimensions: [("type", type.rawValue)]) }
    /// Requests reaching ER, by type.
    public func errors(type: RequestType) -> Counter { Counter(label: "qsp_requests_error_total", dimensions: [("type", type.rawValue)]) }
    /// Transactions broadcast, by purpose.
    public func transactionsSent(_ purpose: TransactionPurpose) -> Counter {
        Counter(label: "qsp_transactions_sent_total", dimensions: [("purpose", purpose.rawValue)])
    }
    /// Same-nonce replacements.
    public let replacements = Counter(label: "qsp_transaction_replacements_total")
    /// RPC failures that were retried.
    public let rpcErrors = Counter(label: "qsp_rpc_errors_total")
    /// Reorgs detected.
    public let reorgs = Counter(label: "qsp_reorgs_total")

    /// Creates the metric handles.
    public init() {}
}
