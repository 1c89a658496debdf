import EthereumRPC
import Metrics

/// The node's metrics (created through the process-wide `MetricsSystem`, bootstrapped once by the executable).
///
/// The request counters (`qsp_requests_done_total`, `qsp_requests_error_total`) and the `qsp_requests` gauges are
/// owned by `LedgerMetrics`, which derives them from the event store, so they always equal the ledger's truth
/// (after a restart too). `qsp_rpc_errors_total` counts every failed JSON-RPC exchange once, by kind.
/// Tests pass their own factory (`MetricsTestKit.TestMetrics`) instead of bootstrapping the process-wide system.
public struct NodeMetrics: Sendable {
    /// Where the handles come from.
    let factory: any MetricsFactory
    /// Latest head block seen.
    public let headBlock: Gauge
    /// Bids sent (`getNextAuditRequest`).
    public let bids: Counter
    /// Assignments won.
    public let assignments: Counter
    /// Audits finished, by state ("4"/"5").
    public func audits(state: Int) -> Counter { Counter(label: "qsp_audits_total", dimensions: [("audit_state", "\(state)")], factory: factory) }
    /// Audits running now.
    public let auditsInFlight: Gauge
    /// Audit duration.
    public let auditDuration: Timer
    /// Requests that reached DN, by type (kept equal to the DN rows by `LedgerMetrics`).
    func ledgerDone(type: RequestType) -> Counter { Counter(label: "qsp_requests_done_total", dimensions: [("type", type.rawValue)], factory: factory) }
    /// Requests that reached ER, by type (kept equal to the ER rows by `LedgerMetrics`).
    func ledgerErrors(type: RequestType) -> Counter { Counter(label: "qsp_requests_error_total", dimensions: [("type", type.rawValue)], factory: factory) }
    /// Rows per status and type right now.
    public func requests(status: RequestStatus, type: RequestType) -> Gauge {
        Gauge(label: "qsp_requests", dimensions: [("status", status.rawValue), ("type", type.rawValue)], factory: factory)
    }
    /// Age of the oldest open (AS/TS/SB) request, seconds since it was registered (0 when none is open).
    public let oldestOpenAssignmentSeconds: Gauge
    /// Age of the oldest open request in blocks since its assignment block (0 when none is open).
    public let oldestOpenAssignmentBlocks: Gauge
    /// 1 while `/health` says "stalled".
    public let stalled: Gauge
    /// 1 while start-up is blocked (endpoint unreachable or start-up reads failing).
    public let startupBlocked: Gauge
    /// Transactions broadcast, by purpose.
    public func transactionsSent(_ purpose: TransactionPurpose) -> Counter {
        Counter(label: "qsp_transactions_sent_total", dimensions: [("purpose", purpose.rawValue)], factory: factory)
    }
    /// Same-nonce replacements.
    public let replacements: Counter
    /// Failed JSON-RPC exchanges, by kind (transport, timeout, http, server, malformed, invalid).
    public func rpcErrors(kind: String) -> Counter { Counter(label: "qsp_rpc_errors_total", dimensions: [("kind", kind)], factory: factory) }
    /// Counts one failed JSON-RPC exchange.
    public func rpcFailed(_ error: RPCError) { rpcErrors(kind: Self.kindName(error.kind)).increment() }
    /// Reorgs detected.
    public let reorgs: Counter

    /// Creates the metric handles (from the process-wide factory unless one is given).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        headBlock = Gauge(label: "qsp_head_block", factory: factory)
        bids = Counter(label: "qsp_bids_total", factory: factory)
        assignments = Counter(label: "qsp_assignments_total", factory: factory)
        auditsInFlight = Gauge(label: "qsp_audits_in_flight", factory: factory)
        auditDuration = Timer(label: "qsp_audit_duration", factory: factory)
        oldestOpenAssignmentSeconds = Gauge(label: "qsp_oldest_open_assignment_age_seconds", factory: factory)
        oldestOpenAssignmentBlocks = Gauge(label: "qsp_oldest_open_assignment_age_blocks", factory: factory)
        stalled = Gauge(label: "qsp_stalled", factory: factory)
        startupBlocked = Gauge(label: "qsp_startup_blocked", factory: factory)
        replacements = Counter(label: "qsp_transaction_replacements_total", factory: factory)
        reorgs = Counter(label: "qsp_reorgs_total", factory: factory)
    }

    static func kindName(_ kind: RPCError.Kind) -> String {
        switch kind {
        case .transport: return "transport"
        case .timeout: return "timeout"
        case .http: return "http"
        case .server: return "server"
        case .malformedResponse: return "malformed"
        case .invalidRequest: return "invalid"
        case .cancelled: return "cancelled"
        }
    }
}
