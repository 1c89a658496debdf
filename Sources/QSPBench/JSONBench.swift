import Foundation
import QSPCore

/// Is the hand-written JSON parser worth keeping (issue 11)? Parses real-shaped RPC answers
/// (benchmarks/json/*.json, written by make_fixtures.py) five ways:
/// - `parse`: QSPCore's `JSONParser.parse` into `JSONValue` (what EthereumRPC does with every answer);
/// - `parse+typed`: the same, then reading typed models from the `JSONValue` (EthereumRPC's whole path, minus hex);
/// - `codable-value`: `JSONDecoder` into the same `JSONValue` through its `Codable` conformance;
/// - `codable-typed`: `JSONDecoder` straight into typed `Decodable` models of the answer;
/// - `jsonserialization`: `JSONSerialization.jsonObject` (untyped Foundation objects).
func runJSONBench(fixturesDir: String) -> [BenchResult] {
    let decoder = JSONDecoder()
    let sink = BlackHole()
    let answers: [(name: String, file: String, tag: String, typed: (Data) -> Int?, fromValue: (JSONValue) -> Int?)] = [
        ("eth_getLogs (200 logs)", "eth_getLogs.json", "getLogs200",
         { (try? decoder.decode(RPCEnvelope<[RPCLog]>.self, from: $0))?.result.count },
         { envelopeResult($0) { $0.arrayValue.flatMap { list in list.compactMap(RPCLog.init(json:)).count } } }),
        ("batch of 20 receipts", "receipts_batch.json", "receipts20",
         { (try? decoder.decode([RPCEnvelope<RPCReceipt>].self, from: $0))?.count },
         { $0.arrayValue.map { $0.compactMap { envelopeResult($0, RPCReceipt.init(json:)) }.count } }),
        ("eth_getBlockByNumber", "eth_getBlockByNumber.json", "getBlock",
         { (try? decoder.decode(RPCEnvelope<RPCBlock>.self, from: $0))?.result.transactions.count },
         { envelopeResult($0, RPCBlock.init(json:))?.transactions.count }),
        ("eth_call (3 words)", "eth_call.json", "call",
         { (try? decoder.decode(RPCEnvelope<String>.self, from: $0))?.result.utf8.count },
         { envelopeResult($0) { $0.stringValue?.utf8.count } }),
    ]
    var results: [BenchResult] = []
    print("json: " + pad("answer", 24) + pad("bytes", 8, left: true) + "  " + pad("method", 17)
        + pad("µs/answer", 11, left: true) + pad("MB/s", 9, left: true) + "  vs parse")
    for answer in answers {
        let path = (fixturesDir as NSString).appendingPathComponent(answer.file)
        guard let data = FileManager.default.contents(atPath: path) else {
            print("json: \(path) is missing; run from the repository root or set QSP_BENCH_JSON")
            continue
        }
        let methods: [(String, () -> Int?)] = [
            ("parse", { (try? JSONParser.parse(data)).map { $0.typeName.utf8.count } }),
            ("parse+typed", { (try? JSONParser.parse(data)).flatMap(answer.fromValue) }),
            ("codable-value", { (try? decoder.decode(JSONValue.self, from: data)).map { $0.typeName.utf8.count } }),
            ("codable-typed", { answer.typed(data) }),
            ("jsonserialization", { (try? JSONSerialization.jsonObject(with: data)).map { _ in 1 } }),
        ]
        if let viaValue = (try? JSONParser.parse(data)).flatMap(answer.fromValue), viaValue != answer.typed(data) {
            print("json: the two typed readings of \(answer.file) disagree (\(viaValue) vs \(answer.typed(data) ?? -1) items)")
        }
        var baseline = 0.0
        for (method, body) in methods {
            guard let check = body(), check > 0 else {
                print("json: \(method) could not read \(answer.file)")
                continue
            }
            let seconds = BenchClock.bestPerCall(rounds: 5, iterations: iterations(for: body)) {
                sink.consume(body() ?? 0)
            }
            if method == "parse" { baseline = seconds }
            let megabytesPerSecond = Double(data.count) / seconds / 1e6
            let factor = baseline > 0 ? String(format: "%.1fx", seconds / baseline) : "-"
            print("json: " + pad(answer.name, 24) + pad("\(data.count)", 8, left: true) + "  " + pad(method, 17)
                + pad(String(format: "%.1f", seconds * 1e6), 11, left: true)
                + pad(String(format: "%.1f", megabytesPerSecond), 9, left: true) + "  " + factor)
            let metric = "json.\(answer.tag).\(method)"
            results.append(BenchResult(metric: metric, value: seconds * 1e6, unit: "us"))
        }
    }
    if sink.value == 42 { print("") }  // keeps `sink` observable
    return results
}

/// Enough calls for a round of about 0.1 s of CPU time (at least 1).
private func iterations(for body: () -> Int?) -> Int {
    let once = BenchClock.seconds { _ = body() }
    return max(1, min(100_000, Int(0.1 / max(once, 1e-7))))
}

/// `text` padded with spaces to `width` characters (on the left when `left`).
private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let spaces = String(repeating: " ", count: max(0, width - text.count))
    return left ? spaces + text : text + spaces
}
