import AsyncHTTPClient
import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Sends the signed metrics heartbeat (PROTOCOL.md §3.11) every `interval_seconds`, the first one interval after
/// start. Failures (chain, network, HTTP status) are only logged: the heartbeat never stops or slows the node.
public struct HeartbeatService: Service {
    let settings: MetricCollectionSettings
    let client: EthereumClient
    let httpClient: HTTPClient
    let key: PrivateKey
    let contractVersion: String
    let nodeVersion: String
    let databasePath: String
    let minPrice: @Sendable () async -> UInt64
    let logger: Logger

    /// Creates the service; `minPrice` returns the current `min_price_in_qsp` (it follows SIGHUP reloads).
    public init(settings: MetricCollectionSettings, client: EthereumClient, httpClient: HTTPClient, key: PrivateKey,
                contractVersion: String, nodeVersion: String, databasePath: String,
                minPrice: @escaping @Sendable () async -> UInt64, logger: Logger) {
        self.settings = settings
        self.client = client
        self.httpClient = httpClient
        self.key = key
        self.contractVersion = contractVersion
        self.nodeVersion = nodeVersion
        self.databasePath = databasePath
        self.minPrice = minPrice
        self.logger = logger
    }

    public func run() async throws {
        guard settings.isActive, let endpoint = settings.destinationEndpoint else { return }
        var log = logger
        log[metadataKey: "service"] = "heartbeat"
        var cpu = HostStats.cpuSample()
        let interval = Duration.seconds(fractional: settings.intervalSeconds)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // Sleep in short steps so a graceful shutdown is noticed promptly.
            let end = ContinuousClock.now + interval
            while ContinuousClock.now < end && !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await Task.sleep(for: min(.seconds(1), end - ContinuousClock.now))
            }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            let now = HostStats.cpuSample()
            let body = await makeBody(cpuPercent: HostStats.cpuPercent(from: cpu, to: now))
            cpu = now
            await send(body, to: endpoint, log: log)
        }
    }

    /// Collects the body's facts; chain failures leave defaults (block 0, versions null) and are logged.
    func makeBody(cpuPercent: Double) async -> HeartbeatBody {
        var block: UInt64 = 0
        do { block = try await client.blockNumber() } catch {
            logger.warning("heartbeat: cannot read the block number", metadata: ["error": "\(error)"])
        }
        let nodeVersion = try? await client.clientVersion()
        let protocolVersion: String? = try? await client.request("eth_protocolVersion", as: String.self)
        return HeartbeatBody(
            processIdentifier: HostStats.processIdentifier(), ethBlockNumber: block, ethNodeVersion: nodeVersion,
            ethProtocolVersion: protocolVersion, contractVersion: contractVersion, nodeVersion: self.nodeVersion,
            hostCpu: cpuPercent, hostMemory: HostStats.memoryPercent(), hostDisk: HostStats.diskPercent(path: databasePath),
            minPrice: await minPrice(), account: key.address)
    }

    /// POSTs one heartbeat; every failure is logged and swallowed.
    func send(_ body: HeartbeatBody, to endpoint: String, log: Logger) async {
        let data = body.jsonData()
        do {
            var request = HTTPClientRequest(url: endpoint)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "user-agent", value: "Mozilla/5.0")
            request.headers.add(name: "authorization", value: try HeartbeatSignature.authorization(body: data, key: key))
            request.body = .bytes(ByteBuffer(bytes: data))
            let response = try await httpClient.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 64 << 10)
            if (200..<300).contains(Int(response.status.code)) {
                log.debug("heartbeat sent", metadata: ["block": "\(body.ethBlockNumber)"])
            } else {
                log.warning("heartbeat rejected", metadata: ["http_status": "\(response.status.code)"])
            }
        } catch {
            log.warning("heartbeat failed", metadata: ["error": "\(Self.describe(error, endpoint: endpoint))"])
        }
    }

    /// An error text without the endpoint's path or query (they may carry a token).
    static func describe(_ error: any Error, endpoint: String) -> String {
        let text = "\(error)"
        guard let redactor = try? RPCEndpoint(endpoint) else { return text }
        return redactor.scrub(text)
    }
}
