import Ethereum
import Foundation
import Logging
import Synchronization
import Testing
@testable import AuditNode

final class LineCollector: Sendable {
    let lines = Mutex<[String]>([])
    var sink: JSONLogHandler.Sink { JSONLogHandler.Sink { line in self.lines.withLock { $0.append(line) } } }
    var objects: [[String: Any]] {
        lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}

@Suite struct ObservabilityTests {
    @Test func jsonLinesCarryMetadataAtTheTopLevel() {
        let collector = LineCollector()
        var logger = Logger(label: "qsp.test") { label in JSONLogHandler(label: label, level: .info, sink: collector.sink) }
        logger[metadataKey: "request_id"] = "7"
        logger.info("report submitted", metadata: ["tx_hash": "0xabc", "block": "12"])
        logger.debug("hidden")
        let objects = collector.objects
        #expect(objects.count == 1)
        let line = objects.first
        #expect(line?["msg"] as? String == "report submitted")
        #expect(line?["level"] as? String == "info")
        #expect(line?["request_id"] as? String == "7")
        #expect(line?["tx_hash"] as? String == "0xabc")
        #expect(line?["block"] as? String == "12")
        #expect(line?["ts"] is String && line?["label"] as? String == "qsp.test")
    }

    @Test func statusPageEscapesText() {
        var row = AuditRecord.assigned(requestID: "1", type: .audit, requestor: "r", uri: "u", block: 3, price: 0)
        row.statusInfo = "<script>alert(1)</script>"
        let snapshot = NodeStatus.Snapshot(account: "0xA", contract: "0xC", headBlock: 5, lastHeadAt: nil, stakeOK: true,
                                           availability: "ready", lastRPCError: nil, draining: false, startedAt: 0)
        let html = StatusPage.render(snapshot: snapshot, records: [row])
        #expect(html.contains("&lt;script&gt;") && !html.contains("<script>"))
        #expect(html.contains("AS: 1"))
    }

    @Test func headBroadcasterDeliversTheNewestHead() async {
        let heads = HeadBroadcaster()
        await heads.publish(1)
        let stream = await heads.subscribe()
        await heads.publish(2)
        await heads.publish(3)
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == 3)  // bufferingNewest(1): a slow subscriber sees only the newest
        await heads.finish()
        #expect(await iterator.next() == nil)
        #expect(await heads.latest == 3)
    }

    @Test func qspFormatting() {
        #expect(BidderService.qsp(BidderService.weiPerQSP * UInt256(10_000)) == "10000")
        #expect(BidderService.qsp(BidderService.weiPerQSP + UInt256(500_000_000_000_000_000)) == "1.5")
        #expect(BidderService.qsp(UInt256(1)) == "0.000000000000000001")
    }
}
