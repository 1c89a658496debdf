import Ethereum
import Foundation

/// Decoding a 6-field `LogAuditAssigned(uint256,address,address,string,uint256,uint256)` log.
func runABIBench() -> [BenchResult] {
    let event = ABIEvent(name: "LogAuditAssigned", inputs: [
        ABIParameter(name: "requestId", type: .uint(256)),
        ABIParameter(name: "auditor", type: .address),
        ABIParameter(name: "requestor", type: .address),
        ABIParameter(name: "uri", type: .string),
        ABIParameter(name: "price", type: .uint(256)),
        ABIParameter(name: "requestBlockNumber", type: .uint(256)),
    ])
    // The same values as benchmarks/python/baseline.py.
    let data: Data
    do {
        data = try ABICodec.encode([
            .uint(42),
            .address(try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")),
            .address(try Address("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")),
            .string("https://example.com/contract.sol"),
            .uint(1_000_000_000_000_000_000),
            .uint(12345),
        ], as: event.inputs.map(\.type))
        _ = try event.decodeLog(topics: [event.topic0], data: data)
    } catch {
        print("abi bench: setup failed: \(error)")
        return []
    }
    let topics = [event.topic0]
    let sink = BlackHole()
    let perLog = BenchClock.bestPerCall(rounds: 5, iterations: 100_000) {
        if let log = try? event.decodeLog(topics: topics, data: data) { sink.consume(log.fields.count) }
    }
    let types = event.inputs.map(\.type)
    let perDecode = BenchClock.bestPerCall(rounds: 5, iterations: 100_000) {
        if let values = try? ABICodec.decode(types, from: data) { sink.consume(values.count) }
    }
    if sink.value == 42 { print("") }
    return [
        BenchResult(metric: "abi_decode_log_6_fields", value: perLog * 1e6, unit: "us/log"),
        BenchResult(metric: "abi_decode_6_values", value: perDecode * 1e6, unit: "us/log"),
    ]
}
