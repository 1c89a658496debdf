import EthereumRPC
import Foundation
import Logging
import MetricsTestKit
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing
@testable import AuditNode

/// The node core without a chain (issue 11): the ledger's transitions with their metrics and wake-ups, the bid
/// capacity rule, the deadline rule, learned gas limits, and the event loop's wake-ups and shutdown.
/// Metrics go to a per-test `TestMetrics` factory (no process-wide bootstrap).
@Suite struct NodeCoreTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    let report = StoredReport(auditState: 4, fullReport: "{\"a\":1}", compressedReport: Data([0xAB]), auditHash: "h", auditURI: nil)

    struct Fixture {
        let ledger: RequestLedger
        let events: NodeEvents
        let metrics: TestMetrics
    }

    func fixture() throws -> Fixture {
        let metrics = TestMetrics()
        let events = NodeEvents()
        let ledger = RequestLedger(store: try EventStore(path: temporaryDatabasePath()), events: events,
                                   metrics: NodeMetrics(factory: metrics), logger: Self.quiet)
        return Fixture(ledger: ledger, events: events, metrics: metrics)
    }

    static func row(_ id: RequestID, _ type: RequestType = .audit, block: Int64 = 10) -> AuditRecord {
        AuditRecord.assigned(requestID: id, type: type, requestor: "0xR", uri: "http://x/\(id).sol", block: block, price: 5)
    }

    /// True when `wakeup` fired (without waiting for a later signal).
    static func fired(_ wakeup: Wakeup) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in wakeup.stream { return true }; return false }
            group.addTask { try? await Task.sleep(for: .milliseconds(200)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test func registerCountsOnceAndWakesTheAuditorAndBidder() async throws {
        let f = try fixture()
        #expect(try await f.ledger.register(Self.row("1")))
        #expect(try await !f.ledger.register(Self.row("1")), "a second registration of the same request is a no-op")
        #expect(try await f.ledger.register(Self.row("1", .police)), "a police check of the same id is another row")
        #expect(try f.metrics.expectCounter("qsp_assignments_total").totalValue == 1, "police checks are not assignments")
        #expect(await Self.fired(f.events.auditor))
        #expect(await Self.fired(f.events.bidder))
        #expect(await !Self.fired(f.events.submitter))
    }

    @Test func reportReadyStoresTheReportCountsItAndWakesTheSubmitter() async throws {
        let f = try fixture()
        try await f.ledger.register(Self.row("2"))
        let key = RequestKey(id: "2", type: .audit)
        #expect(try await f.ledger.beginAttempt(key) == 1)
        try await f.ledger.reportReady(key, report: report)
        let row = try #require(try await f.ledger.row(key))
        #expect(row.status == .toBeSubmitted && row.compressedReport == Data([0xAB]) && row.submissionAttempts == 1)
        // A picker that read the row as AS just before the report was ready must not audit it again.
        #expect(try await f.ledger.beginAttempt(key) == nil)
        #expect(try f.ledger.store.auditAttempts("2", .audit) == 1)
        #expect(try f.metrics.expectCounter("qsp_audits_total", [("audit_state", "4")]).totalValue == 1)
        #expect(await Self.fired(f.events.submitter))
        // The slim projection the services poll carries no report text.
        let summary = try #require(try await f.ledger.summaries([.toBeSubmitted]).first)
        #expect(summary.key == key && summary.status == .toBeSubmitted && summary.submissionAttempts == 1)
    }

    @Test func illegalMovesThrowAndChangeNothing() async throws {
        let f = try fixture()
        try await f.ledger.register(Self.row("3"))
        #expect(await Self.fired(f.events.bidder))
        let key = RequestKey(id: "3", type: .audit)
        await #expect(throws: StoreError.self) { try await f.ledger.done(key, minedBlock: 5, info: "x") }
        try await f.ledger.fail(key, reason: "expired")
        await #expect(throws: StoreError.self) { try await f.ledger.reportReady(key, report: report) }
        #expect(try await f.ledger.row(key)?.status == .error)
        #expect(try await f.ledger.openAudits().isEmpty)
        #expect(await Self.fired(f.events.bidder), "a closed request frees a bid slot")
    }

    @Test func openCountsFollowTheLedger() async throws {
        let f = try fixture()
        for id: RequestID in ["10", "11", "12"] { try await f.ledger.register(Self.row(id)) }
        try await f.ledger.reportReady(RequestKey(id: "11", type: .audit), report: report)
        try await f.ledger.register(Self.row("13", .police))
        let open = try await f.ledger.openAudits()
        #expect(open[.assigned] == 2 && open[.toBeSubmitted] == 1 && open[.submitted] == nil)
    }

    @Test func bidCapacityCountsBidsInFlightAsOpenRequestsAndWaitingAudits() {
        #expect(BidCapacity(maxAssigned: 10, auditWorkers: 4, open: 0, waitingForAudit: 0, bidsInFlight: 0).free == 4)
        #expect(BidCapacity(maxAssigned: 10, auditWorkers: 4, open: 3, waitingForAudit: 1, bidsInFlight: 2).free == 1)
        #expect(BidCapacity(maxAssigned: 10, auditWorkers: 4, open: 9, waitingForAudit: 0, bidsInFlight: 0).free == 1)
        #expect(BidCapacity(maxAssigned: 10, auditWorkers: 4, open: 9, waitingForAudit: 0, bidsInFlight: 1).free == 0)
        #expect(BidCapacity(maxAssigned: 2, auditWorkers: 4, open: 5, waitingForAudit: 5, bidsInFlight: 3).free == 0, "never negative")
    }

    @Test func theDeadlineBlockItselfIsStillInsideTheWindow() {
        // §2.5: accepted iff block ≤ A + T; a transaction sent at head is mined at head + 1 at the earliest.
        #expect(DeadlineRule.canMeet(12, head: 11))
        #expect(!DeadlineRule.canMeet(12, head: 12))
        #expect(!DeadlineRule.canMeet(12, head: 9, margin: 3))
        #expect(DeadlineRule.canMeet(12, head: 8, margin: 3))
    }

    /// Only a recognised refusal of a first broadcast gives the nonce back (the next transaction may then take it);
    /// "already known", "nonce too low", an underpriced replacement, a dropped connection or a generic -32000 keep
    /// the transaction pending, and no failure of a re-broadcast ever counts as a refusal.
    @Test func onlyARecognisedRefusalOfAFirstBroadcastGivesTheNonceBack() {
        func server(_ message: String, code: Int = -32000) -> RPCError {
            RPCError(kind: .server(code: code, message: message, data: nil), method: "eth_sendRawTransaction", endpoint: "test", detail: message)
        }
        let refused = [server("insufficient funds for gas * price + value: address 0x1 have 0 want 1"),
                       server("intrinsic gas too low: have 1, want 21000"),
                       server("invalid sender: invalid chain id for signer: have 1 want 1337"),
                       server("max fee per gas less than block base fee: address 0x1, maxFeePerGas: 1, baseFee: 2")]
        let pending = [server("already known"), server("nonce too low: address 0x1, tx: 1 state: 2"),
                       server("replacement transaction underpriced"), server("injected fault"),
                       RPCError(kind: .transport, method: "eth_sendRawTransaction", endpoint: "test", detail: "connection reset"),
                       RPCError(kind: .malformedResponse, method: "batch", endpoint: "test", detail: "truncated")]
        for error in refused {
            #expect(TransactionManager.refusal(of: error, initial: true) != nil, "\(error)")
            #expect(TransactionManager.refusal(of: error, initial: false) == nil, "\(error)")
        }
        for error in pending {
            #expect(TransactionManager.refusal(of: error, initial: true) == nil, "\(error)")
        }
    }

    @Test func gasLimitsAreLearnedPerPurposeAndReportLength() {
        var cache = GasLimitCache()
        let short = GasLimitCache.key(.submitReport, calldataBytes: 100)
        let long = GasLimitCache.key(.submitReport, calldataBytes: 400)
        #expect(cache.limit(for: short) == nil)
        #expect(cache.learn(short, estimate: 80_000) == 210_000)
        #expect(cache.limit(for: short) == 210_000)
        #expect(cache.limit(for: GasLimitCache.key(.submitReport, calldataBytes: 120)) == 210_000, "same word count")
        #expect(cache.limit(for: long) == nil, "a longer report stores more words: estimated again")
        _ = cache.learn(GasLimitCache.key(.bid, calldataBytes: 4), estimate: 100_000)
        cache.forget(.submitReport)
        #expect(cache.limit(for: short) == nil)
        #expect(cache.limit(for: GasLimitCache.key(.bid, calldataBytes: 4)) == 250_000)
    }

    /// Broadcasts follow preparation order even when the later transaction is ready first, and a refusal abandons
    /// exactly the transactions prepared after it and before the nonce was given back.
    @Test func broadcastTurnsFollowPreparationOrderAndAbandonTheTailOfARefusal() async {
        actor Turns {
            var turns = BroadcastTurns()
            var order: [Int] = []
            func issue() -> Int { turns.issue() }
            func take(_ turn: Int) async {
                if !turns.isCurrent(turn) { await withCheckedContinuation { turns.park(turn, $0) } }
                order.append(turn)
            }
            func end() { turns.advance()?.resume() }
            func refuse(_ turn: Int) { turns.abandonPreparedAfter(turn) }
            func abandoned(_ turn: Int) -> Bool { turns.isAbandoned(turn) }
        }
        let turns = Turns()
        let first = await turns.issue(), second = await turns.issue(), third = await turns.issue()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await turns.take(third); await turns.end() }
            group.addTask { await turns.take(second); await turns.end() }
            group.addTask { try? await Task.sleep(for: .milliseconds(20)); await turns.take(first); await turns.end() }
        }
        #expect(await turns.order == [0, 1, 2])
        #expect(first == 0 && second == 1 && third == 2)
        let refused = await turns.issue(), tail1 = await turns.issue(), tail2 = await turns.issue()
        await turns.refuse(refused)
        let afterwards = await turns.issue()
        #expect(await turns.abandoned(refused) == false)
        #expect(await turns.abandoned(tail1))
        #expect(await turns.abandoned(tail2))
        #expect(await turns.abandoned(afterwards) == false)
    }

    @Test func ownBidsRememberTheNewestHashesOnly() async throws {
        let bids = OwnBids(capacity: 2)
        let hashes = (1...3).map { "0x" + String(repeating: String(format: "%02x", $0), count: 32) }
        for hash in hashes { await bids.note(try #require(TransactionHash(hex: hash))) }
        #expect(await bids.contains(try Data(hexString: hashes[0])) == false)
        #expect(await bids.contains(try Data(hexString: hashes[1])))
        #expect(await bids.contains(try Data(hexString: hashes[2])))
    }

    /// Request ids are typed uint256 values stored as decimal text: exact above Int.max, and what older stores hold.
    @Test func requestIDsAboveIntMaxRoundTripThroughTheLedger() async throws {
        let f = try fixture()
        let largest = try #require(RequestID(decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639935"))
        try await f.ledger.register(Self.row(largest))
        let row = try #require(try await f.ledger.row(RequestKey(id: largest, type: .audit)))
        #expect(row.requestID == largest && row.requestID.value == .max)
        #expect(largest.reportInteger == nil)
        #expect(RequestID(9).reportInteger == 9)
        #expect(RequestID(decimal: "12a") == nil && RequestID(decimal: "-1") == nil)
        let stored = try f.ledger.store.read { db in try String.fetchOne(db, sql: "SELECT request_id FROM audit_evt") }
        #expect(stored == largest.description)
    }

    @Test func wakeupsCoalesce() async {
        let wakeup = Wakeup()
        for _ in 0..<5 { wakeup.signal() }
        #expect(await Self.fired(wakeup))
        #expect(await !Self.fired(wakeup), "five signals before a look are one wake-up")
    }

    @Test func eventLoopRunsOnSignalsAndHeadsAndEndsOnGracefulShutdown() async throws {
        let heads = HeadBroadcaster()
        await heads.publish(7)
        let wakeup = Wakeup()
        let seen = Recorder()
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await EventLoop(wakeup: wakeup, heads: heads, fallback: .seconds(3600)).run { head in await seen.add(head) }
                }
                wakeup.signal()
                #expect(await eventually { await seen.values.contains(7) })
                await heads.publish(8)
                #expect(await eventually { await seen.values.contains(8) })
                trigger.triggerGracefulShutdown()
                try await group.next()
            }
        }
    }

    @Test func eventLoopKeepsDrainingUntilDone() async throws {
        let heads = HeadBroadcaster()
        await heads.publish(1)
        let wakeup = Wakeup()
        let seen = Recorder()
        let left = Recorder()
        await left.add(3)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await EventLoop(wakeup: wakeup, heads: heads, fallback: .milliseconds(20)).run(untilDrained: {
                        await left.values.count >= 6
                    }) { head in
                        await seen.add(head)
                        if Task.isShuttingDownGracefully { await left.add(0) }
                    }
                }
                trigger.triggerGracefulShutdown()
                try await group.next()
            }
        }
        #expect(await left.values.count == 6, "passes ran during the drain until it said done")
    }
}

/// Collects values across tasks.
actor Recorder {
    private(set) var values: [Int64] = []
    func add(_ value: Int64) { values.append(value) }
}

/// Polls `condition` for up to 5 s.
func eventually(_ condition: @Sendable () async -> Bool) async -> Bool {
    let end = ContinuousClock.now + .seconds(5)
    while ContinuousClock.now < end {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}
