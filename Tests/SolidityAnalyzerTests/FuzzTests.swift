import Foundation
import Testing
@testable import SolidityAnalyzer

/// Deterministic SplitMix64 generator, so every fuzz run sees the same inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Produces mutated Solidity-ish inputs from seed files.
struct Mutator {
    static let fragments: [String] = [
        "{", "}", "(", ")", "[", "]", ";", "=", "==", "+=", "-=", "'", "\"", "/*", "*/", "//", "\n",
        "function", "contract", "modifier", "mapping(", "=>", "returns", "assembly {", "unchecked {", "if (", "else",
        "for (", "while (", "msg.sender.call.value(1)()", ".call{value: 1}(\"\")", "selfdestruct(", "tx.origin",
        "block.timestamp", "now", "require(", "emit ", "event ", "struct ", "enum ", "pragma solidity ^0.4.24;",
        "0x", "1e", "hex\"", "\u{00E9}", "\u{1F600}", "\0", "\\", ".", ",", "?", ":", "**", "<<=", "_;",
    ]

    var rng: SplitMix64
    let seeds: [[UInt8]]

    mutating func nextInput() -> [UInt8] {
        var bytes = seeds[Int(rng.next() % UInt64(seeds.count))]
        // Keep inputs small so the debug-build fuzz run stays fast.
        if bytes.count > 800 {
            let start = Int(rng.next() % UInt64(bytes.count - 800))
            bytes = Array(bytes[start..<(start + 800)])
        }
        let rounds = 1 + Int(rng.next() % 4)
        for _ in 0..<rounds { mutate(&bytes) }
        return bytes
    }

    mutating func mutate(_ bytes: inout [UInt8]) {
        switch rng.next() % 8 {
        case 0 where !bytes.isEmpty: // byte flips
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                let index = Int(rng.next() % UInt64(bytes.count))
                bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
            }
        case 1 where !bytes.isEmpty: // truncation
            bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
        case 2: // token shuffle: swap two whitespace-separated words
            var words = bytes.split(separator: 0x20, omittingEmptySubsequences: false).map(Array.init)
            guard words.count > 2 else { return }
            let a = Int(rng.next() % UInt64(words.count)), b = Int(rng.next() % UInt64(words.count))
            words.swapAt(a, b)
            bytes = Array(words.joined(separator: [0x20]))
        case 3: // insert a syntax fragment
            let fragment = Array(Mutator.fragments[Int(rng.next() % UInt64(Mutator.fragments.count))].utf8)
            let index = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            bytes.insert(contentsOf: fragment, at: index)
        case 4 where !bytes.isEmpty: // delete a range
            let start = Int(rng.next() % UInt64(bytes.count))
            let length = min(bytes.count - start, 1 + Int(rng.next() % 64))
            bytes.removeSubrange(start..<(start + length))
        case 5: // deep nesting
            let opener = ["(", "{", "[", "!", "-", "if (x) "][Int(rng.next() % 6)]
            let depth = 50 + Int(rng.next() % 400)
            let index = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            bytes.insert(contentsOf: Array(String(repeating: opener, count: depth).utf8), at: index)
        case 6: // random bytes
            let count = Int(rng.next() % 256)
            let index = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: index)
        default: // duplicate a slice
            guard bytes.count > 10 else { return }
            let start = Int(rng.next() % UInt64(bytes.count - 10))
            let slice = bytes[start..<min(bytes.count, start + 200)]
            bytes.insert(contentsOf: slice, at: Int(rng.next() % UInt64(bytes.count)))
        }
    }
}

@Suite struct FuzzTests {
    static let iterations = 10_000

    @Test func mutatedInputsNeverCrashAndStayWithinBudget() async throws {
        let seeds = try Corpus.seeds()
        #expect(seeds.count >= 40)
        var mutator = Mutator(rng: SplitMix64(state: 0x5EED_0F_501D17), seeds: seeds)
        let budget = Duration.seconds(2)
        let analyzer = SolidityAnalyzer(configuration: .init(timeBudget: budget))
        let clock = ContinuousClock()
        var slowest = Duration.zero
        var withFindings = 0
        for _ in 0..<Self.iterations {
            // Long CPU-bound loop: yield so it does not hold one of the few cooperative threads that the whole
            // parallel test run shares (async tests' deadlines would otherwise fire late).
            await Task.yield()
            let input = mutator.nextInput()
            let source = String(decoding: input, as: UTF8.self)
            let started = clock.now
            let result = analyzer.analyze(source: source, fileName: "fuzz.sol")
            let elapsed = started.duration(to: clock.now)
            slowest = max(slowest, elapsed)
            // The budget is cooperative: allow a small grace for the final check to notice.
            #expect(elapsed < budget + .milliseconds(250), "input took \(elapsed)")
            for finding in result.findings {
                #expect(finding.startLine >= 1 && finding.endLine >= finding.startLine)
            }
            if !result.findings.isEmpty { withFindings += 1 }
        }
        print("fuzz: \(Self.iterations) inputs, slowest \(slowest), \(withFindings) with findings")
    }

    @Test func purelyRandomInputs() async {
        var rng = SplitMix64(state: 42)
        let analyzer = SolidityAnalyzer(configuration: .init(timeBudget: .seconds(2)))
        for _ in 0..<500 {
            await Task.yield()  // a long CPU-bound loop: let the other tests' tasks run
            let count = Int(rng.next() % 1_024)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let result = analyzer.analyze(source: String(decoding: bytes, as: UTF8.self), fileName: "random.sol")
            #expect(!result.budgetExceeded)
        }
    }

    @Test func pathologicalNestingIsHandled() async {
        let analyzer = SolidityAnalyzer()
        let deepExpression = "contract C { function f() public { x = " + String(repeating: "(", count: 50_000) + "1; } }"
        let deepBlocks = "contract C { function f() public " + String(repeating: "{", count: 50_000) + String(repeating: "}", count: 50_000) + " }"
        let deepUnary = "contract C { function f() public { x = " + String(repeating: "!", count: 50_000) + "y; } }"
        let deepMapping = "contract C { " + String(repeating: "mapping(uint => ", count: 20_000) + "uint" + " m; }"
        let longSum = "contract C { function f() public { x = 1" + String(repeating: " + 1", count: 100_000) + "; } }"
        let longChain = "contract C { function f() public { a" + String(repeating: ".b()[1]", count: 50_000) + "; } }"
        let longElse = "contract C { function f() public { if (a) {}" + String(repeating: " else if (a) {}", count: 20_000) + " } }"
        let clock = ContinuousClock()
        for source in [deepExpression, deepBlocks, deepUnary, deepMapping, longSum, longChain, longElse] {
            await Task.yield()  // a long CPU-bound loop: let the other tests' tasks run
            let started = clock.now
            let result = analyzer.analyze(source: source, fileName: "deep.sol")
            print("pathological input of \(source.utf8.count) bytes: \(started.duration(to: clock.now)), \(result.diagnostics.count) diagnostics")
            #expect(!result.diagnostics.isEmpty)
        }
    }

    @Test func budgetIsRespectedOnHugeInput() {
        let analyzer = SolidityAnalyzer(configuration: .init(timeBudget: .milliseconds(50)))
        let function = "function f(uint a) public { if (a > now) { balances[msg.sender] += a; msg.sender.call.value(a)(); } }\n"
        let source = "pragma solidity ^0.4.24; contract C { mapping(address => uint) balances; " + String(repeating: function, count: 40_000) + "}"
        let clock = ContinuousClock()
        let started = clock.now
        let result = analyzer.analyze(source: source, fileName: "huge.sol")
        #expect(started.duration(to: clock.now) < .seconds(1))
        #expect(result.budgetExceeded)
    }

    @Test func budgetIsRespectedOnLargeValidInput() async throws {
        let url = Corpus.sampleContracts.appendingPathComponent("kyber.sol")
        let kyber = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let clock = ContinuousClock()
        // Budgets that expire while lexing, parsing, building the model or running detectors.
        for (copies, milliseconds) in [(12, 150), (2, 60), (2, 250), (1, 120)] {
            await Task.yield()  // let the other tests' tasks run between the CPU-bound analyses
            let source = String(repeating: kyber + "\n", count: copies)
            let budget = Duration.milliseconds(milliseconds)
            let analyzer = SolidityAnalyzer(configuration: .init(timeBudget: budget))
            let started = clock.now
            let result = analyzer.analyze(source: source, fileName: "kyber.sol")
            let elapsed = started.duration(to: clock.now)
            print("budget \(budget) on \(copies)x kyber: \(elapsed), exceeded \(result.budgetExceeded), \(result.findings.count) findings")
            #expect(elapsed < budget + .milliseconds(500), "took \(elapsed)")
        }
    }
}
