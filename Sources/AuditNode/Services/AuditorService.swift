import Analysis
import AuditReport
import Ethereum
import Foundation
import Logging
import ServiceLifecycle

/// Runs audits for AS rows (own assignments and police checks) in a bounded worker pool: fetch safely, analyze,
/// build the report, upload, and move the row to TS. On graceful shutdown it stops starting audits and lets the
/// running ones finish.
public struct AuditorService: Service {
    let context: NodeContext
    let engine: AuditEngine
    let fetcher: ContractFetcher

    /// Creates the service.
    public init(context: NodeContext, engine: AuditEngine, fetcher: ContractFetcher) {
        self.context = context
        self.engine = engine
        self.fetcher = fetcher
    }

    public func run() async throws {
        let running = RunningSet()
        let interval = Duration.seconds(fractional: min(context.configuration.eventPollingSeconds, 1))
        let (jobs, queue) = AsyncStream<(AuditRecord, Int64)>.makeStream()
        let context = self.context
        await withDiscardingTaskGroup { group in
            group.addTask {
                // Picks AS rows while capacity is free; stops on graceful shutdown (running audits finish).
                await pollLoop(every: interval, heads: context.heads) { head in
                    guard let rows = try? context.store.records(statuses: [.assigned]) else { return }
                    for row in rows {
                        guard await running.count < context.configuration.auditWorkers else { break }
                        guard await running.insert(row.requestID + row.type.rawValue) else { continue }
                        context.metrics.auditsInFlight.record(await running.count)
                        queue.yield((row, head))
                    }
                }
                queue.finish()
            }
            for await (row, head) in jobs {
                group.addTask {
                    await process(row, head: head)
                    await running.remove(row.requestID + row.type.rawValue)
                    context.metrics.auditsInFlight.record(await running.count)
                }
            }
        }
    }

    /// Audits one row; every outcome ends in TS or ER. An audit request the node cannot audit (a refused or
    /// undownloadable URI, a request quarantined after `max_audit_attempts` unfinished attempts) gets an Error
    /// (state 5) report, so it is answered on chain and does not keep its assignment slot.
    func process(_ row: AuditRecord, head: Int64) async {
        let log = context.logger(request: row.requestID, type: row.type)
        do {
            if row.type == .audit {
                // [rpc helper, issue 10 item 2] A failed read of T is transient: the row stays AS and is picked again.
                guard let t = await context.auditTimeoutOrRetryLater(head: head, log: log) else { return }
                let deadline = row.assignedBlock + t
                if head + 1 > deadline {
                    try context.store.markError(row.requestID, row.type, info: "expired: deadline block \(deadline) passed before the audit; not submitted")
                    log.warning("assignment expired before audit", metadata: ["block": "\(head)", "deadline": "\(deadline)"])
                    return
                }
            }
            // Counted and committed before the attempt: an attempt that crashes or kills the node still counts.
            let attempts = try context.store.beginAuditAttempt(row.requestID, row.type)
            let reportContext = ReportContext(
                contractURI: row.contractURI, requestID: Int(row.requestID), requestor: row.requestor,
                auditor: context.account.checksummed, version: engine.version, timestamp: Int(Date().timeIntervalSince1970))
            let limit = context.configuration.maxAuditAttempts
            if attempts > limit {
                let reason = "request quarantined: its audit was started \(attempts - 1) times without finishing (the node crashed or was stopped during it; max_audit_attempts is \(limit))"
                log.error("request quarantined", metadata: ["attempts": "\(attempts - 1)"])
                try await finishUnaudited(row, reason: reason, context: reportContext, log: log)
                return
            }
            let start = ContinuousClock.now
            log.info("audit started", metadata: ["uri": "\(ContractFetcher.redact(row.contractURI))", "attempt": "\(attempts)"])
            let fetched: ContractFetcher.Fetched
            do { fetched = try await fetchWithRetry(row.contractURI, log: log) } catch {
                log.warning("contract not downloaded", metadata: ["error": "\(error)"])
                try await finishUnaudited(row, reason: "the contract could not be downloaded: \(error.message)", context: reportContext, log: log)
                return
            }
            let result = try await engine.audit(source: fetched.data, fileName: fetched.fileName, context: reportContext,
                                                account: context.account.checksummed, logger: log)
            var verdict: Bool?
            if row.type == .police {
                verdict = await policeVerdict(row, report: result.report, log: log)
            }
            try context.store.markToBeSubmitted(row.requestID, row.type, report: result.stored, verdict: verdict)
            context.metrics.audits(state: result.stored.auditState).increment()
            context.metrics.auditDuration.recordInterval(since: start)
            log.info("audit finished", metadata: ["audit_state": "\(result.stored.auditState)", "audit_hash": "\(result.stored.auditHash)"])
        } catch {
            log.error("audit failed", metadata: ["error": "\(error)"])
            _ = try? context.store.markError(row.requestID, row.type, info: "audit failed: \(error)")
        }
    }

    /// An audit row that cannot be audited gets an Error report (TS, submitted like any report); a police row has
    /// no report of its own to submit and ends in ER.
    func finishUnaudited(_ row: AuditRecord, reason: String, context reportContext: ReportContext, log: Logger) async throws {
        guard row.type == .audit else {
            // qsp_requests_error_total follows the ledger (ProgressMonitor), so no increment here.
            try context.store.markError(row.requestID, row.type, info: reason)
            return
        }
        let result = try await engine.errorReport(reason: reason, context: reportContext,
                                                  account: context.account.checksummed, logger: log)
        try context.store.markToBeSubmitted(row.requestID, row.type, report: result.stored)
        context.metrics.audits(state: result.stored.auditState).increment()
        log.notice("error report prepared", metadata: ["reason": "\(reason)", "audit_hash": "\(result.stored.auditHash)"])
    }

    /// Downloads with up to 3 attempts, all inside one total deadline of `fetch.timeout_seconds` (connect, headers
    /// and body of every attempt and the pauses between them).
    func fetchWithRetry(_ uri: String, log: Logger) async throws(FetchError) -> ContractFetcher.Fetched {
        let settings = await context.settings.current().fetch
        let fetcher = ContractFetcher(httpClient: self.fetcher.httpClient, settings: settings)
        let deadline = ContinuousClock.now + .seconds(fractional: settings.timeoutSeconds)
        var attempt = 0
        while true {
            do { return try await fetcher.fetch(uri, deadline: deadline) } catch {
                attempt += 1
                let pause = Duration.seconds(attempt)
                guard error.retriable, attempt < 3, !Task.isCancelled, ContinuousClock.now + pause < deadline else { throw error }
                log.warning("contract download failed; retrying", metadata: ["error": "\(error)", "attempt": "\(attempt)"])
                try? await Task.sleep(for: pause)
            }
        }
    }

    /// §3.9: compare the on-chain compressed report with our own; an empty or undecodable report is false.
    func policeVerdict(_ row: AuditRecord, report: Report, log: Logger) async -> Bool {
        guard let id = UInt256(decimalString: row.requestID) else { return false }
        var onChain = Data()
        for attempt in 0..<3 {
            do { onChain = try await context.chain.report(id); break } catch {
                if attempt == 2 { log.warning("cannot read the on-chain report", metadata: ["error": "\(error)"]) }
            }
        }
        let (verified, reason) = PoliceVerdict.evaluate(onChainReport: onChain, policeReport: report)
        log.info("police verdict", metadata: ["verified": "\(verified)", "reason": "\(reason)"])
        return verified
    }
}

/// Keys of rows being audited right now.
actor RunningSet {
    private var keys: Set<String> = []
    var count: Int { keys.count }
    func insert(_ key: String) -> Bool { keys.insert(key).inserted }
    func remove(_ key: String) { keys.remove(key) }
}

extension Metrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}

import Metrics
