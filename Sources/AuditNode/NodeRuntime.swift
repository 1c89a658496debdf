import Analysis
import AsyncHTTPClient
import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Logging
import Prometheus
import ReportUpload
import ServiceLifecycle

/// Start-up (PROTOCOL.md §3.2 with the fixes) and the service group of the daemon.
public struct NodeRuntime: Sendable {
    /// Where the configuration comes from.
    public var configPath: String
    /// The environment (YAML section).
    public var env: String
    /// Process environment (passphrase, token).
    public var environment: [String: String]
    /// The node version written into reports.
    public var version: String
    /// Root logger (the executable bootstraps the JSON handler).
    public var logger: Logger
    /// The Prometheus registry behind `/metrics`.
    public var registry: PrometheusCollectorRegistry

    /// Creates the runtime description.
    public init(configPath: String, env: String, environment: [String: String], version: String, logger: Logger,
                registry: PrometheusCollectorRegistry) {
        self.configPath = configPath
        self.env = env
        self.environment = environment
        self.version = version
        self.logger = logger
        self.registry = registry
    }

    /// Runs the node until SIGTERM/SIGINT (graceful drain) or a fatal error.
    public func run() async throws {
        let loader = ConfigurationLoader(environment: environment)
        let loaded = try loader.load(path: configPath, env: env)
        for warning in loaded.warnings { logger.warning("\(warning)") }
        let config = loaded.configuration
        let key = try loadKey(config)
        let metadata = try ContractMetadata.load(path: config.metadataPath)
        let address: Address
        do { address = try Address(metadata.contractAddress) } catch {
            throw ConfigurationError(key: "audit_contract_abi.metadata", "contractAddress is not a valid address: \(error)")
        }
        guard let abiJSON = FileManager.default.contents(atPath: config.abiPath) else {
            throw ConfigurationError(key: "audit_contract_abi.uri", "cannot read \(config.abiPath)")
        }
        let contract = try AuditContract(abiJSON: abiJSON, address: address)

        let rpcHTTP = HTTPClient(eventLoopGroupProvider: .singleton)
        let fetchHTTP = ContractFetcher.makeHTTPClient()
        do {
            try await runNode(config: config, key: key, contract: contract, contractVersion: metadata.version, loader: loader,
                              rpcHTTP: rpcHTTP, fetchHTTP: fetchHTTP)
        } catch {
            try? await rpcHTTP.shutdown()
            try? await fetchHTTP.shutdown()
            throw error
        }
        try? await rpcHTTP.shutdown()
        try? await fetchHTTP.shutdown()
    }

    private func loadKey(_ config: NodeConfiguration) throws -> PrivateKey {
        let passphrase = try Passphrase.fromEnvironment(environment)
        guard let json = FileManager.default.contents(atPath: config.keystoreFile) else {
            throw ConfigurationError(key: "keystore_file", "cannot read the keystore at \(config.keystoreFile)")
        }
        do { return try Keystore.decrypt(json: json, passphrase: passphrase.value) } catch {
            throw ConfigurationError(key: "keystore_file", "cannot decrypt \(config.keystoreFile) with QSP_ETH_PASSPHRASE: \(error)")
        }
    }

    private func runNode(config: NodeConfiguration, key: PrivateKey, contract: AuditContract, contractVersion: String,
                         loader: ConfigurationLoader, rpcHTTP: HTTPClient, fetchHTTP: HTTPClient) async throws {
        var log = logger
        log[metadataKey: "account"] = "\(key.address.checksummed)"
        let metrics = NodeMetrics()
        let status = NodeStatus(account: key.address.checksummed, contract: contract.address.checksummed)
        let client = try EthereumClient(url: config.endpointURI, httpClient: rpcHTTP, timeout: .seconds(20))
            .observingFailures { metrics.rpcFailed($0) }
        let store = try EventStore(path: config.databasePath)
        let chain = AuditChain(client: client, contract: contract, account: key.address)
        // The status server answers from the first moment, so a blocked start-up is visible on /health.
        try await withThrowingDiscardingTaskGroup { group in
            if config.statusServer.isEnabled {
                let serverLog = log
                let server = HealthServer(
                    settings: config.statusServer, status: status, store: store, registry: registry,
                    staleAfterSeconds: max(30, config.blockPollingSeconds * 10), logger: serverLog,
                    onListening: { port in serverLog.info("status server listening", metadata: ["port": "\(port)"]) },
                    facts: ChainFacts(chain: chain)).makeService()
                group.addTask {
                    // Stopped by cancellation once the node's services have ended; only an earlier failure counts.
                    do { try await server.run() } catch where Task.isCancelled {}
                }
            }
            try await startAndServe(config: config, key: key, contract: contract, contractVersion: contractVersion, loader: loader,
                                    rpcHTTP: rpcHTTP, fetchHTTP: fetchHTTP,
                                    client: client, chain: chain, store: store, status: status, metrics: metrics, log: log)
            group.cancelAll()
        }
    }

    private func startAndServe(config: NodeConfiguration, key: PrivateKey, contract: AuditContract, contractVersion: String,
                               loader: ConfigurationLoader, rpcHTTP: HTTPClient, fetchHTTP: HTTPClient, client: EthereumClient, chain: AuditChain, store: EventStore, status: NodeStatus,
                               metrics: NodeMetrics, log: Logger) async throws {
        let startup = StartupGate(status: status, metrics: metrics, logger: log)
        let chainID = try await startup.rpc("eth_chainId (is the endpoint reachable?)") { () async throws(RPCError) -> UInt64 in
            try await client.chainID()
        }
        let binding = try store.bind(to: StoreIdentity(chainID: chainID, contract: contract.address.checksummed,
                                                       account: key.address.checksummed), path: config.databasePath)
        if binding == .adopted {
            log.notice("event store adopted for this deployment (it predates store identities)", metadata: ["db": "\(config.databasePath)"])
        }
        try await startup.step("start-up validation against the contract") { try await validateAgainstChain(config, chain: chain) }
        let head = try await startup.rpc("eth_blockNumber") { () async throws(RPCError) -> Int64 in
            Int64(try await client.blockNumber())
        }
        let isPolice = try await startup.step("isPoliceNode") { try await chain.isPoliceNode() }
        let dataContract = try await startup.step("auditData") { try await chain.auditDataAddress() }
        let policeContract = try await startup.step("police") { try await chain.policeAddress() }
        let signer = TransactionSigner(key: key, chainID: chainID)
        let transactions = TransactionManager(
            client: client, store: store, signer: signer, to: contract.address,
            fees: FeePolicy(settings: config.gasPrice, bumpPercent: config.transactions.feeBumpPercent),
            gasLimit: config.gasLimit, replaceAfterBlocks: config.transactions.replaceAfterBlocks, metrics: metrics, logger: log,
            confirmations: config.confirmations)
        try await startup.step("pending nonce") { try await transactions.start(head: head) }
        let engine = try AuditEngine(analyzers: config.analyzers, wrappersRoot: config.analyzerWrappersDirectory,
                                     uploader: try makeUploader(config, httpClient: fetchHTTP),
                                     uploadContracts: config.upload.isEnabled && !(config.upload.args["contract_bucket_name"] ?? "").isEmpty,
                                     version: version, launcher: .currentExecutable())
        let wiring = NodeWiring(config: config, chain: chain, store: store, transactions: transactions, engine: engine,
                                fetchHTTP: fetchHTTP, dataContract: dataContract, policeContract: policeContract,
                                isPoliceNode: isPolice, status: status, metrics: metrics, logger: log)
        let resumed = try await startup.step("restart reconciliation") { try await wiring.reconciler.reconcile(head: head) }
        try await engine.prepare()
        await status.running()
        log.info("node started", metadata: [
            "contract": "\(contract.address.checksummed)", "chain_id": "\(chainID)", "block": "\(head)",
            "police": "\(isPolice)", "resumed": "\(resumed)", "db": "\(config.databasePath)", "env": "\(env)",
        ])
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if config.metricCollection.isActive {
            let settings = wiring.settings
            services.append(.init(service: HeartbeatService(
                settings: config.metricCollection, client: client, httpClient: rpcHTTP, key: key, contractVersion: contractVersion,
                nodeVersion: version, databasePath: config.databasePath, minPrice: { await settings.current().minPriceInQSP },
                logger: log), successTerminationBehavior: .ignore))
        }
        services += wiring.services()
        services.append(.init(service: ReloadService(configPath: configPath, env: env, loader: loader, settings: wiring.settings,
                                                     engine: engine, logger: log), successTerminationBehavior: .ignore))
        services.append(.init(service: DrainMarker(status: status, logger: log), successTerminationBehavior: .ignore))
        var groupConfiguration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: log)
        // The drain is bounded: after it, remaining work is cancelled (it resumes from the store on restart).
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(fractional: config.shutdownDrainSeconds + 15)
        groupConfiguration.maximumCancellationDuration = .seconds(10)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
        log.info("node stopped")
    }

    /// §7.2 steps 2–4 and the price floor, against live chain values.
    private func validateAgainstChain(_ c: NodeConfiguration, chain: AuditChain) async throws {
        let t = try await chain.auditTimeout()
        if c.submissionTimeoutLimitBlocks > t {
            throw ConfigurationError(key: "\(env).submission_timeout_limit_blocks", "must be ≤ the contract's audit timeout (\(t) blocks)")
        }
        for (index, analyzer) in c.analyzers.enumerated() where analyzer.timeoutSeconds > 12 * t {
            throw ConfigurationError(key: "\(env).analyzers[\(index)].\(analyzer.name).timeout_sec",
                                     "must be ≤ 12 × the audit timeout (\(12 * t) s)")
        }
        let onChainMax = try await chain.maxAssignedRequests()
        if c.maxAssignedRequests > onChainMax {
            throw ConfigurationError(key: "\(env).max_assigned_requests", "must be ≤ the contract's getMaxAssignedRequests() (\(onChainMax))")
        }
        let floor = try await chain.priceFloor()
        if UInt256(c.minPriceInQSP) * BidderService.weiPerQSP < floor {
            throw ConfigurationError(key: "\(env).min_price_in_qsp", "must be ≥ the contract's floor (\(BidderService.qsp(floor)) QSP)")
        }
    }

    private func makeUploader(_ c: NodeConfiguration, httpClient: HTTPClient) throws -> any ReportUploader {
        guard c.upload.isEnabled else { return NoUploader() }
        switch c.upload.name {
        case "LocalDirectoryProvider":
            return LocalDirectoryUploader(directory: c.upload.args["directory"] ?? ".")
        default:
            guard let keyID = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
                throw ConfigurationError(key: "AWS_ACCESS_KEY_ID", "S3Provider needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
            }
            let configuration = S3Configuration(
                bucket: c.upload.args["bucket_name"] ?? "", contractBucket: c.upload.args["contract_bucket_name"] ?? "",
                region: c.upload.args["region"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1",
                endpoint: c.upload.args["endpoint"] ?? S3Configuration.defaultEndpoint,
                accessKeyID: keyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
            return S3Uploader(configuration: configuration, httpClient: httpClient)
        }
    }
}

/// Marks the status page "draining" when a graceful shutdown starts (it is the last service, so the first told).
struct DrainMarker: Service {
    let status: NodeStatus
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        await status.setDraining()
        logger.notice("graceful shutdown: draining in-flight work")
    }
}
