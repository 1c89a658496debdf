import Analysis
import AuditReport
import Ethereum
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Runs audits for AS rows (own assignments and police checks) in a bounded worker pool: fetch safely, analyze,
/// build the report, upload, and hand it to the ledger (TS), which wakes the submitter at once. Woken by new
/// assignments and heads. On graceful shutdown it stops starting audits and lets the running ones finish.
public struct AuditorService: Service {
    /// The auditor's limits.
    public struct Limits: Sendable {
        /// Parallel audits (`audit_workers`).
        public var workers: Int
        /// Attempts before a request is quarantined (`max_audit_attempts`).
        public var maxAuditAttempts: Int

        /// Creates the limits.
        public init(workers: Int, maxAuditAttempts: Int) {
            self.workers = workers
            self.maxAuditAttempts = maxAuditAttempts
        }
    }

    let limits: Limits
    let ledger: RequestLedger
    let deadlines: DeadlineRule
    let engine: AuditEngine
    let fetcher: ContractFetcher
    let settings: SettingsHolder
    let chain: AuditChain
    let events: NodeEvents
    let metrics: NodeMetrics

    /// Creates the service.
    public init(limits: Limits, ledger: RequestLedger, deadlines: DeadlineRule, engine: AuditEngine, fetcher: ContractFetcher,
                settings: SettingsHolder, chain: AuditChain, events: NodeEvents, metrics: NodeMetrics) {
        self.limits = limits
        self.ledger = ledger
        self.deadlines = deadlines
        self.engine = engine
        self.fetcher = fetcher
        self.settings = settings
        self.chain = chain
        self.events = events
        self.metrics = metrics
    }

    public func run() async throws {
        let running = InFlightRequests()
        let (jobs, queue) = AsyncStream<(RequestSummary, Int64)>.makeStream()
        let workers = limits.workers, ledger = self.ledger, metrics = self.metrics, events = self.events
        await withDiscardingTaskGroup { group in
            group.addTask {
                // Picks AS rows while capacity is free; stops on graceful shutdown (running audits finish).
                await EventLoop(wakeup: events.auditor, heads: events.heads, fallback: .seconds(1)).run { head in
                    guard let rows = try? await ledger.summaries([.assigned]) else { return }
                    for row in rows {
                        guard await running.count < workers else { break }
                        guard await running.insert(row.key) else { continue }
                        metrics.auditsInFlight.record(await running.count)
                        queue.yield((row, head))
                    }
                }
                queue.finish()
            }
            for await (row, head) in jobs {
                group.addTask {
                    await process(row, head: head)
                    await running.remove(row.key)
                    metrics.auditsInFlight.record(await running.count)
                    events.requestClosed()
                }
            }
        }
    }

    /// Audits one row; every outcome ends in TS or ER. An audit request the node cannot audit (a refused or
    /// undownloadable URI, a request quarantined after `max_audit_attempts` unfinished attempts) gets an Error
    /// (state 5) report, so it is answered on chain and does not keep its assignment slot.
    func process(_ row: RequestSummary, head: Int64) async {
        let log = ledger.logger(for: row.key)
        do {
            // The picker's read may predate the end of this row's previous audit (the slot is free only once that
            // audit returned): every move below assumes AS, so check it now — an expired-deadline or failure move
            // must never reach a row that is already TS or SB. A failed read is retried by the next pass.
            guard (try? await ledger.status(row.key)) == .assigned else { return }
            if row.type == .audit {
                let deadline: Int64
                do { deadline = try await deadlines.deadline(of: row) } catch {
                    // A failed read of T is transient: the row stays AS and is picked again.
                    log.warning("cannot read the audit timeout; will retry", metadata: ["error": "\(error)", "block": "\(head)"])
                    return
                }
                if !DeadlineRule.canMeet(deadline, head: head) {
                    try await ledger.fail(row.key, reason: "expired: deadline block \(deadline) passed before the audit; not submitted",
                                          metadata: ["block": "\(head)", "deadline": "\(deadline)"])
                    return
                }
            }
            // Counted and committed before the attempt: an attempt that crashes or kills the node still counts.
            guard let attempts = try await ledger.beginAttempt(row.key) else { return }  // left AS meanwhile
            if row.requestID.reportInteger == nil {
                // The report's `request_id` is a JSON integer the reference readers hold in 64 bits; the on-chain
                // submission carries the exact id in its calldata either way.
                log.warning("request id does not fit the report's 64-bit request_id; the report omits it")
            }
            let reportContext = ReportContext(
                contractURI: row.contractURI, requestID: row.requestID.reportInteger, requestor: row.requestor.checksummed,
                auditor: chain.account.checksummed, version: engine.version, timestamp: Int(Date().timeIntervalSince1970))
            if attempts > limits.maxAuditAttempts {
                let reason = "request quarantined: its audit was started \(attempts - 1) times without finishing (the node crashed or was stopped during it; max_audit_attempts is \(limits.maxAuditAttempts))"
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
                                                account: chain.account.checksummed, logger: log)
            var verdict: Bool?
            if row.type == .police {
                verdict = await policeVerdict(row, report: result.report, log: log)
            }
            try await ledger.reportReady(row.key, report: result.stored, verdict: verdict)
            metrics.auditDuration.recordInterval(since: start)
            log.info("audit finished", metadata: ["audit_state": "\(result.stored.auditState)", "audit_hash": "\(result.stored.auditHash)"])
        } catch {
            log.error("audit failed", metadata: ["error": "\(error)"])
            try? await ledger.fail(row.key, reason: "audit failed: \(error)", level: .error)
        }
    }

    /// An audit row that cannot be audited gets an Error report (TS, submitted like any report); a police row has
    /// no report of its own to submit and ends in ER.
    func finishUnaudited(_ row: RequestSummary, reason: String, context reportContext: ReportContext, log: Logger) async throws {
        guard row.type == .audit else {
            try await ledger.fail(row.key, reason: reason)
            return
        }
        let result = try await engine.errorReport(reason: reason, context: reportContext,
                                                  account: chain.account.checksummed, logger: log)
        try await ledger.reportReady(row.key, report: result.stored)
        log.notice("error report prepared", metadata: ["reason": "\(reason)", "audit_hash": "\(result.stored.auditHash)"])
    }

    /// Downloads with up to 3 attempts, all inside one total deadline of `fetch.timeout_seconds` (connect, headers
    /// and body of every attempt and the pauses between them).
    func fetchWithRetry(_ uri: String, log: Logger) async throws(FetchError) -> ContractFetcher.Fetched {
        let current = await settings.current().fetch
        let fetcher = ContractFetcher(httpClient: self.fetcher.httpClient, settings: current)
        let deadline = ContinuousClock.now + .seconds(fractional: current.timeoutSeconds)
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
    func policeVerdict(_ row: RequestSummary, report: Report, log: Logger) async -> Bool {
        let id = row.requestID.value
        var onChain = Data()
        for attempt in 0..<3 {
            do { onChain = try await chain.report(id); break } catch {
                if attempt == 2 { log.warning("cannot read the on-chain report", metadata: ["error": "\(error)"]) }
            }
        }
        let (verified, reason) = PoliceVerdict.evaluate(onChainReport: onChain, policeReport: report)
        log.info("police verdict", metadata: ["verified": "\(verified)", "reason": "\(reason)"])
        return verified
    }
}

/// Requests a service is working on right now (the auditor's audits, the submitter's settlements), so a pass that
/// reads the ledger again does not start the same work twice.
actor InFlightRequests {
    private var keys: Set<RequestKey> = []
    var count: Int { keys.count }
    func insert(_ key: RequestKey) -> Bool { keys.insert(key).inserted }
    func remove(_ key: RequestKey) { keys.remove(key) }
}

extension Metrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
