import Ethereum
import EthereumRPC
import Foundation

/// The checks that ask the chain: endpoint, contract, limits, stake, price and gas money. Read-only calls only.
struct DoctorChainChecks: Sendable {
    let local: Doctor.Local
    let account: Address?
    let env: String
    let rpcTimeout: Duration
    let minimumAffordableTransactions: UInt64

    /// A typical transaction's gas when `gas_limit` is not set (a submitReport with a compressed report).
    static let typicalGas: UInt64 = 300_000

    /// The chain checks in order, and the endpoint's chain id when it answered (for the event store's identity check).
    func run() async -> (results: [DoctorCheckResult], chainID: UInt64?) {
        let config = local.config
        let endpointName = (try? RPCEndpoint(config.endpointURI).redacted) ?? "eth_node.args.endpoint_uri"
        let client: EthereumClient
        do { client = try EthereumClient(url: config.endpointURI, timeout: rpcTimeout) } catch {
            return ([.fail("endpoint", "\(error)", fix: "set eth_node.args.endpoint_uri to the node's http(s) JSON-RPC URL")]
                + ["contract", "limits", "stake", "price", "balance"].map { .skip($0, needs: "endpoint") }, nil)
        }
        let results = await checks(client: client, endpointName: endpointName)
        try? await client.shutdown()
        return results
    }

    private func checks(client: EthereumClient, endpointName: String) async -> (results: [DoctorCheckResult], chainID: UInt64?) {
        var results: [DoctorCheckResult] = []
        // Endpoint: reachable, chain id, head.
        let chainID: UInt64
        let head: UInt64
        do {
            chainID = try await client.chainID()
            head = try await client.blockNumber()
        } catch {
            results.append(.fail("endpoint", "\(endpointName) does not answer: \(error)",
                                 fix: "start the Ethereum node or correct eth_node.args.endpoint_uri (and QSP_ETH_AUTH_TOKEN if it uses ${token})"))
            return (results + ["contract", "limits", "stake", "price", "balance"].map { .skip($0, needs: "endpoint") }, nil)
        }
        let clientName = (try? await client.clientVersion()).map { ", client \($0.prefix(80))" } ?? ""
        results.append(.pass("endpoint", "\(endpointName) answers: chain id \(chainID), head block \(head)\(clientName)"))

        // Contract: code at the address, answers as QuantstampAudit.
        let contract = local.contract
        let chain = AuditChain(client: client, contract: contract, account: account ?? .zero,
                               retry: RetryPolicy(maxAttempts: 1, initialDelay: .milliseconds(100), maxDelay: .milliseconds(100)))
        let timeout: Int
        do {
            let code = try await client.code(contract.address)
            guard !code.isEmpty else {
                results.append(.fail("contract", "no contract code at \(contract.address.checksummed) on chain \(chainID)",
                                     fix: "check contractAddress in \(local.config.metadataPath) and that the endpoint is on the right network"))
                return (results + ["limits", "stake", "price", "balance"].map { .skip($0, needs: "contract") }, chainID)
            }
            timeout = try await chain.auditTimeout()
            results.append(.pass("contract", "\(contract.address.checksummed): \(code.count) bytes of code, QuantstampAudit "
                                 + "version \(local.metadata.version) (metadata), audit timeout \(timeout) blocks"))
        } catch {
            results.append(.fail("contract", "\(contract.address.checksummed) does not answer as QuantstampAudit: \(error)",
                                 fix: "check contractAddress in \(local.config.metadataPath) and audit_contract_abi.uri"))
            return (results + ["limits", "stake", "price", "balance"].map { .skip($0, needs: "contract") }, chainID)
        }

        results.append(await limits(chain: chain, timeout: timeout))
        results.append(await stake(chain: chain))
        results.append(await price(chain: chain))
        results.append(await balance(client: client))
        return (results, chainID)
    }

    /// §7.2 steps 2–4: the configuration's limits fit the contract's.
    private func limits(chain: AuditChain, timeout t: Int) async -> DoctorCheckResult {
        let c = local.config
        do {
            if c.submissionTimeoutLimitBlocks > t {
                return .fail("limits", "submission_timeout_limit_blocks \(c.submissionTimeoutLimitBlocks) > the contract's audit timeout \(t)",
                             fix: "set \(env).submission_timeout_limit_blocks to at most \(t)")
            }
            for analyzer in c.analyzers where analyzer.timeoutSeconds > 12 * t {
                return .fail("limits", "analyzer \(analyzer.name): timeout_sec \(analyzer.timeoutSeconds) > 12 × audit timeout (\(12 * t) s)",
                             fix: "set timeout_sec of \(analyzer.name) to at most \(12 * t)")
            }
            let onChainMax = try await chain.maxAssignedRequests()
            if c.maxAssignedRequests > onChainMax {
                return .fail("limits", "max_assigned_requests \(c.maxAssignedRequests) > the contract's \(onChainMax)",
                             fix: "set \(env).max_assigned_requests to at most \(onChainMax)")
            }
            return .pass("limits", "timeouts and max_assigned_requests (\(c.maxAssignedRequests) ≤ \(onChainMax)) fit the contract")
        } catch {
            return .fail("limits", "cannot read the contract's limits: \(error)", fix: "retry; check the endpoint")
        }
    }

    /// Stake vs the contract's minimum (police nodes that do not audit need none).
    private func stake(chain: AuditChain) async -> DoctorCheckResult {
        guard account != nil else { return .skip("stake", needs: "keystore") }
        do {
            if try await chain.isPoliceNode(), !local.config.policeAuditingEnabled {
                return .pass("stake", "police node without auditing: no stake needed")
            }
            let staked = try await chain.totalStaked()
            let minimum = try await chain.minAuditStake()
            let enough = try await chain.hasEnoughStake()
            let amounts = "staked \(DoctorUnits.token(staked)) QSP, minimum \(DoctorUnits.token(minimum)) QSP"
            guard enough else {
                return .fail("stake", amounts, fix: "stake at least \(DoctorUnits.token(minimum > staked ? minimum - staked : 0)) more QSP "
                             + "(approve the token, then stake on the contract) from \(chain.account.checksummed)")
            }
            return .pass("stake", amounts)
        } catch {
            return .fail("stake", "cannot read the stake: \(error)", fix: "retry; check the endpoint")
        }
    }

    /// min_price_in_qsp vs the contract's floor; shows the price the node will set on chain.
    private func price(chain: AuditChain) async -> DoctorCheckResult {
        let c = local.config
        let wanted = UInt256(c.minPriceInQSP) * BidderService.weiPerQSP
        do {
            let floor = try await chain.priceFloor()
            guard wanted >= floor else {
                return .fail("price", "min_price_in_qsp \(c.minPriceInQSP) QSP is below the contract's floor \(DoctorUnits.token(floor)) QSP",
                             fix: "set \(env).min_price_in_qsp to at least \(DoctorUnits.ceilingToken(floor))")
            }
            var detail = "min_price_in_qsp \(c.minPriceInQSP) QSP ≥ floor \(DoctorUnits.token(floor)) QSP"
            if account != nil {
                let current = try await chain.minAuditPrice()
                detail += current == wanted ? "; already set on chain" : "; on chain now \(DoctorUnits.token(current)) QSP (run sets it: one transaction)"
            }
            return .pass("price", detail)
        } catch {
            return .fail("price", "cannot read the price floor: \(error)", fix: "retry; check the endpoint")
        }
    }

    /// Enough ETH for `minimumAffordableTransactions` transactions at the current gas price.
    private func balance(client: EthereumClient) async -> DoctorCheckResult {
        guard let account else { return .skip("balance", needs: "keystore") }
        let c = local.config
        do {
            let balance = try await client.balance(account)
            var gasPrice: UInt256
            switch c.gasPrice.strategy {
            case .static: gasPrice = UInt256(c.gasPrice.defaultWei)
            case .dynamic: gasPrice = try await client.gasPrice()
            }
            if let cap = c.gasPrice.capWei, gasPrice > UInt256(cap) { gasPrice = UInt256(cap) }
            let gas = c.gasLimit ?? Self.typicalGas
            let perTransaction = gasPrice * UInt256(gas)
            let affordable = perTransaction.isZero ? nil : balance / perTransaction
            let shown = "\(DoctorUnits.token(balance)) ETH at \(DoctorUnits.gwei(gasPrice)) gwei × \(gas) gas per transaction"
            if balance.isZero {
                return .fail("balance", "\(account.checksummed) has 0 ETH", fix: "send ETH for gas to \(account.checksummed)")
            }
            guard let affordable else { return .pass("balance", "\(shown) (gas is free on this chain)") }
            if affordable < UInt256(minimumAffordableTransactions) {
                let needed = perTransaction * UInt256(minimumAffordableTransactions)
                return .fail("balance", "\(shown): enough for \(affordable.decimalString) transaction(s)",
                             fix: "send at least \(DoctorUnits.token(needed - balance)) ETH to \(account.checksummed) "
                             + "(\(minimumAffordableTransactions) transactions' worth)")
            }
            return .pass("balance", "\(shown): enough for ~\(affordable.decimalString) transactions")
        } catch {
            return .fail("balance", "cannot read the balance or gas price: \(error)", fix: "retry; check the endpoint")
        }
    }
}

/// Amount formatting for doctor lines (18-decimal tokens: QSP and ETH).
enum DoctorUnits {
    static func token(_ wei: UInt256) -> String { BidderService.qsp(wei) }

    /// The smallest whole number of tokens ≥ `wei`.
    static func ceilingToken(_ wei: UInt256) -> String {
        let (q, r) = wei.quotientAndRemainder(dividingBy: BidderService.weiPerQSP)
        return (r.isZero ? q : q + 1).decimalString
    }

    static func gwei(_ wei: UInt256) -> String {
        let (q, r) = wei.quotientAndRemainder(dividingBy: UInt256(1_000_000_000))
        guard !r.isZero else { return q.decimalString }
        var fraction = String(repeating: "0", count: max(0, 9 - r.decimalString.count)) + r.decimalString
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(q.decimalString).\(fraction)"
    }
}
