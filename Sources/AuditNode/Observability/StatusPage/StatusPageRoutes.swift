import AuditReport
import Foundation
import Hummingbird
import NIOCore

/// The status page routes: `/` (the page), `/requests/{id}/report.json|report.sarif[?type=PC]` (downloads) and
/// `/tx/{hash}` (the node's record of one of its transactions, for chains without a known explorer).
public struct StatusPageRoutes: Sendable {
    let status: NodeStatus
    let store: EventStore
    let facts: ChainFacts?

    /// Creates the routes over the node's status, its event store and (optionally) the chain facts cache.
    public init(status: NodeStatus, store: EventStore, facts: ChainFacts?) {
        self.status = status
        self.store = store
        self.facts = facts
    }

    /// Adds the routes to `router`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        let routes = self
        router.get("/") { _, _ -> Response in await routes.page() }
        router.get("/requests/:id/report.json") { request, context -> Response in
            await routes.report(id: context.parameters.get("id"), type: request.uri.queryParameters.get("type"), format: .json)
        }
        router.get("/requests/:id/report.sarif") { request, context -> Response in
            await routes.report(id: context.parameters.get("id"), type: request.uri.queryParameters.get("type"), format: .sarif)
        }
        router.get("/tx/:hash") { _, context -> Response in await routes.transaction(hash: context.parameters.get("hash")) }
    }

    /// A response with the headers every answer carries: no scripts, no external resources, no sniffing, no caching.
    static func response(code: Int, contentType: String, body: Data, attachment: String? = nil) -> Response {
        var response = Response(
            status: .init(code: code),
            headers: [
                .contentType: contentType,
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
                .xContentTypeOptions: "nosniff",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        if let attachment { response.headers[.contentDisposition] = "attachment; filename=\"\(attachment)\"" }
        return response
    }

    static func text(code: Int, _ message: String) -> Response {
        response(code: code, contentType: "text/plain; charset=utf-8", body: Data((message + "\n").utf8))
    }

    func page() async -> Response {
        let snapshot = await status.current()
        let now = Date().timeIntervalSince1970
        let ledger = (try? await StatusLedger.read(from: store, now: now)) ?? StatusLedger(records: [], now: now)
        let mined = (try? await store.readAsync(EventStore.minedTransactionHashesBody)) ?? []
        let chainFacts = await facts?.snapshot()
        let gas = await facts?.gasSpent(minedHashes: mined)
        let model = StatusPageModel.build(snapshot: snapshot, ledger: ledger, facts: chainFacts, gas: gas, now: now)
        return Self.response(code: 200, contentType: "text/html; charset=utf-8", body: Data(StatusPageRenderer.render(model).utf8))
    }

    enum ReportFormat { case json, sarif }

    /// A request id is a decimal uint256 (at most 78 digits).
    static func validRequestID(_ id: String?) -> RequestID? {
        guard let id, !id.isEmpty, id.count <= 78, id.allSatisfy(\.isASCII), id.allSatisfy(\.isNumber) else { return nil }
        return RequestID(decimal: id)
    }

    func report(id: String?, type: String?, format: ReportFormat) async -> Response {
        guard let id = Self.validRequestID(id) else { return Self.text(code: 400, "the request id must be a decimal number") }
        let kind: RequestType = type == "PC" ? .police : .audit
        guard let record = try? await store.readAsync(EventStore.recordBody(id, kind)), let json = record.fullReport else {
            return Self.text(code: 404, "no stored report for request \(id) (\(kind.rawValue))")
        }
        let name = "qsp-report-\(id)\(kind == .police ? "-police" : "")"
        switch format {
        case .json:
            return Self.response(code: 200, contentType: "application/json", body: Data(json.utf8), attachment: "\(name).json")
        case .sarif:
            guard let report = try? ReportJSON.decode(Data(json.utf8)) else {
                return Self.text(code: 500, "the stored report for request \(id) cannot be read as a report")
            }
            let source = Self.sourceName(record.contractURI)
            return Self.response(code: 200, contentType: "application/sarif+json",
                                 body: SARIFRenderer.render([(report: report, sourcePath: source)]), attachment: "\(name).sarif")
        }
    }

    /// The audited file's name for SARIF locations: the URI's last path component, restricted to safe characters.
    static func sourceName(_ uri: String) -> String {
        let last = URL(string: uri)?.lastPathComponent ?? ""
        let safe = last.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        return safe.isEmpty ? "contract.sol" : String(safe.prefix(100))
    }

    func transaction(hash: String?) async -> Response {
        guard let hash, hash.count == 66, hash.hasPrefix("0x"), hash.dropFirst(2).allSatisfy(\.isHexDigit) else {
            return Self.text(code: 400, "expected a transaction hash (0x + 64 hex digits)")
        }
        guard let key = TransactionHash(hex: hash), let tx = try? await store.readAsync(EventStore.transactionByHashBody(key)) else {
            return Self.text(code: 404, "this node has no transaction \(hash)")
        }
        var object: [String: Any] = [
            "tx_hash": tx.txHash.description, "account": tx.account.checksummed, "nonce": tx.nonce, "purpose": tx.purpose.rawValue, "state": tx.state.rawValue,
            "attempt": tx.attempt, "tx_type": tx.txType.rawValue, "max_fee_per_gas": tx.maxFeePerGas.decimalString, "gas_limit": tx.gasLimit,
            "sent_block": tx.sentBlock,
        ]
        if let v = tx.requestID { object["request_id"] = v.description }
        if let v = tx.minedBlock { object["mined_block"] = v }
        if let v = tx.receiptStatus { object["receipt_status"] = v }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return Self.response(code: 200, contentType: "application/json", body: data)
    }
}
