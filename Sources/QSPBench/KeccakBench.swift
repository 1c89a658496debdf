import Ethereum
import Foundation

/// Keccak-256 throughput on 1 MiB and latency of a 64-byte hash.
func runKeccakBench() -> [BenchResult] {
    let sink = BlackHole()
    let mebibyte = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    let perMiB = BenchClock.bestPerCall(rounds: 5, iterations: 20) {
        sink.consume(Keccak256.hash(mebibyte)[0])
    }
    let small = Data((0..<64).map { UInt8($0) })
    let perSmall = BenchClock.bestPerCall(rounds: 5, iterations: 200_000) {
        sink.consume(Keccak256.hash(small)[0])
    }
    let raw = [UInt8](small)
    let perSmallRaw = BenchClock.bestPerCall(rounds: 5, iterations: 200_000) {
        raw.withUnsafeBytes { sink.consume(Keccak256.hash($0)[0]) }
    }
    if sink.value == 42 { print("") }  // keeps `sink` observable
    return [
        BenchResult(metric: "keccak256_1MiB_throughput", value: 1.048576 / perMiB, unit: "MB/s"),
        BenchResult(metric: "keccak256_64B_latency", value: perSmall * 1e9, unit: "ns/hash"),
        BenchResult(metric: "keccak256_64B_latency_rawbuffer", value: perSmallRaw * 1e9, unit: "ns/hash"),
    ]
}
