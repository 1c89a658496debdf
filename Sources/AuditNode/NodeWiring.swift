import AsyncHTTPClient
import Ethereum
import EthereumRPC
import Foundation
import Logging
import ServiceLifecycle

/// Builds the node's services from the configuration and the start-up facts, each with only what it needs (see
/// docs/ARCHITECTURE.md, "The request flow"). The order of `services()` is the start order; a graceful shutdown
/// runs in reverse: stop bidding, finish running audits, drain submissions, settle the last receipts, then the
/// watcher and the monitor.
struct NodeWiring: Sendable {
    let config: NodeConfiguration
    let chain: AuditChain
    let store: EventStore
    let transactions: TransactionManager
    let engine: AuditEngine
    let fetchHTTP: HTTPClient
    let dataContract: Address
    let policeContract: Address
    let isPoliceNode: Bool
    let status: NodeStatus
    let metrics: NodeMetrics
    let logger: Logger

    let events = NodeEvents()
    let reorgs = ReorgEpoch()
    let settings: SettingsHolder
    let parameters: ChainParameters
    let ledger: RequestLedger
    let deadlines: DeadlineRule
    let discovery: AssignmentDiscovery

    init(config: NodeConfiguration, chain: AuditChain, store: EventStore, transactions: TransactionManager, engine: AuditEngine,
         fetchHTTP: HTTPClient, dataContract: Address, policeContract: Address, isPoliceNode: Bool, status: NodeStatus,
         metrics: NodeMetrics, logger: Logger) {
        self.config = config
        self.chain = chain
        self.store = store
        self.transactions = transactions
        self.engine = engine
        self.fetchHTTP = fetchHTTP
        self.dataContract = dataContract
        self.policeContract = policeContract
        self.isPoliceNode = isPoliceNode
        self.status = status
        self.metrics = metrics
        self.logger = logger
        settings = SettingsHolder(config.reloadable)
        parameters = ChainParameters(chain: chain)
        ledger = RequestLedger(store: store, events: events, metrics: metrics, logger: logger)
        deadlines = DeadlineRule(parameters: parameters, chain: chain, policeContract: policeContract)
        discovery = AssignmentDiscovery(chain: chain, ledger: ledger, dataContract: dataContract, policeContract: policeContract, reorgs: reorgs)
    }

    var reconciler: RestartReconciler {
        RestartReconciler(ledger: ledger, deadlines: deadlines, marginBlocks: Int64(config.blockDiscardOnRestart))
    }

    var transactionTimeout: Duration { .seconds(config.txTimeoutSeconds) }

    func services() -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let auditAllowance = Double(config.analyzers.reduce(0) { $0 + $1.timeoutSeconds }) + config.fetch.timeoutSeconds * 3 + 30
        let progress = ProgressMonitor(store: store, status: status, metrics: metrics, logger: logger,
                                       stallAfterSeconds: config.statusServer.stallAfterSeconds, auditAllowanceSeconds: auditAllowance)
        let watcher = BlockWatcher(
            settings: .init(pollSeconds: config.blockPollingSeconds, confirmations: config.confirmations,
                            startBlocksInThePast: config.startBlocksInThePast),
            client: chain.client, store: store, discovery: discovery, heads: events.heads, parameters: parameters, reorgs: reorgs,
            status: status, metrics: metrics, logger: logger, onRewind: { [transactions] block in await transactions.forgetMined(above: block) })
        let sweep = TransactionService(manager: transactions, heads: events.heads,
                                       fallback: .seconds(fractional: config.transactions.receiptPollSeconds))
        let submitter = SubmitterService(
            limits: .init(transactionTimeout: transactionTimeout, drainSeconds: config.shutdownDrainSeconds),
            ledger: ledger, deadlines: deadlines, chain: chain, transactions: transactions, reorgs: reorgs,
            dataContract: dataContract, policeContract: policeContract, events: events)
        let auditor = AuditorService(
            limits: .init(workers: config.auditWorkers, maxAuditAttempts: config.maxAuditAttempts),
            ledger: ledger, deadlines: deadlines, engine: engine, fetcher: ContractFetcher(httpClient: fetchHTTP, settings: config.fetch),
            settings: settings, chain: chain, events: events, metrics: metrics)
        let bidder = BidderService(
            limits: .init(auditWorkers: config.auditWorkers, transactionTimeout: transactionTimeout,
                          mayBid: !isPoliceNode || config.policeAuditingEnabled),
            chain: chain, ledger: ledger, transactions: transactions, discovery: discovery, settings: settings, events: events,
            status: status, metrics: metrics, logger: logger)
        let rewards = RewardsService(interval: .seconds(fractional: config.rewardsClaimIntervalSeconds),
                                     transactionTimeout: transactionTimeout, chain: chain, transactions: transactions, logger: logger)
        return [
            .init(service: progress, successTerminationBehavior: .ignore),
            .init(service: watcher),
            .init(service: sweep),
            .init(service: submitter),
            .init(service: auditor),
            .init(service: bidder, successTerminationBehavior: .ignore),
            .init(service: rewards, successTerminationBehavior: .ignore),
        ]
    }
}
