import Foundation
import Testing
@testable import SolidityAnalyzer

#if canImport(Glibc)
import Glibc
#endif

/// Input shapes that made the analyzer crash, run exponentially long or use gigabytes (issue 9, items 2–3), each
/// generated here. Every shape must finish within the 2 s analysis budget (plus a wide margin for a loaded
/// debug build) and stay far below 512 MB of extra resident memory.
enum HostileShapes {
    /// `x = 2**2**…**2` with 30,000 operators (right-associative: one parser frame per operator before the fix).
    static var powerChain: String {
        "contract C { uint x; function f() public { x = 2" + String(repeating: " ** 2", count: 30_000) + "; } }"
    }

    /// 24 nested loops around a reentrant call and a write (the reentrancy walk doubled per level).
    static var nestedLoops: String {
        let open = (0..<24).map { $0 % 2 == 0 ? "for(;;){" : "while(b){" }.joined()
        return "contract C{mapping(address=>uint)m;bool b;function f()public{" + open
            + "msg.sender.call.value(1)();m[msg.sender]=0;" + String(repeating: "}", count: 24) + "}}"
    }

    /// `uint[][]…[] x;` of about 4 MB (array type text was rebuilt per dimension).
    static var deepArrayType: String {
        "contract C { uint" + String(repeating: "[]", count: 2_000_000) + " x; }"
    }

    /// A 10,000-deep inheritance chain, each contract adding one function.
    static var inheritanceChain: String {
        var source = "contract C0 { address owner; uint x; modifier onlyOwner() { require(msg.sender == owner); _; } function f0() public { x = 0; } }\n"
        for index in 1..<10_000 {
            source += "contract C\(index) is C\(index - 1) { function f\(index)() public { x = \(index); } }\n"
        }
        return source
    }

    /// 20,000 tiny contracts in one file.
    static var manyContracts: String {
        (0..<20_000).map { "contract K\($0) { uint a; function f() public { a = 1; } }\n" }.joined()
    }

    /// A 5,000-function internal call chain ending in a reentrant call (call-graph propagation).
    static var callChain: String {
        var source = "contract C { mapping(address => uint) m;\n"
        for index in 0..<5_000 { source += "function g\(index)() internal { g\(index + 1)(); }\n" }
        source += "function g5000() internal { msg.sender.call.value(1)(); }\n"
        source += "function f() public { g0(); m[msg.sender] = 0; } }"
        return source
    }

    /// Parentheses nested to the depth limit, each level holding a long `+` chain (deep expression trees).
    static var nestedSums: String {
        let level = "(1" + String(repeating: " + 1", count: 120) + " + "
        return "contract C { uint x; function f() public { x = " + String(repeating: level, count: 190) + "1"
            + String(repeating: ")", count: 190) + "; } }"
    }

    /// Deeply nested `if` statements with a call and writes at every level.
    static var nestedIfs: String {
        "contract C { mapping(address => uint) m; function f(bool b) public { "
            + String(repeating: "if (b) { msg.sender.call.value(1)(); m[msg.sender] = 1; ", count: 150)
            + String(repeating: "} else { m[msg.sender] = 2; } ", count: 150) + "} }"
    }

    static var all: [(name: String, source: String)] {
        [
            ("power chain", powerChain), ("nested loops", nestedLoops), ("deep array type", deepArrayType),
            ("inheritance chain", inheritanceChain), ("many contracts", manyContracts), ("call chain", callChain),
            ("nested sums", nestedSums), ("nested ifs", nestedIfs),
        ]
    }
}

/// Resident-memory probes for the hostile-shape tests (Linux: /proc and getrusage).
enum MemoryProbe {
    /// Current resident set size in bytes.
    static var residentBytes: Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Peak resident set size of the process so far, in bytes.
    static var peakResidentBytes: Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }
}

@Suite(.serialized) struct HostileShapeTests {
    @Test(arguments: HostileShapes.all.map(\.name))
    func hostileShapeStaysWithinTimeAndMemory(name: String) async throws {
        let source = HostileShapes.all.first { $0.name == name }!.source
        let analyzer = SolidityAnalyzer(configuration: .init(timeBudget: .seconds(2)))
        let (result, elapsed, growth) = try await offCooperativePool {
            let residentBefore = MemoryProbe.residentBytes
            let clock = ContinuousClock()
            let started = clock.now
            let result = analyzer.analyze(source: source, fileName: "hostile.sol")
            let elapsed = started.duration(to: clock.now)
            // The peak can only have grown by what this analysis (and any concurrently running test) allocated.
            return (result, elapsed, max(0, MemoryProbe.peakResidentBytes - residentBefore))
        }
        print("hostile \(name): \(source.utf8.count) bytes, \(elapsed), peak growth ≤ \(growth / 1_048_576) MB, budget exceeded \(result.budgetExceeded), \(result.findings.count) findings")
        #expect(elapsed < .seconds(20), "\(name) took \(elapsed)")
        #expect(growth < 512 * 1_048_576, "\(name) grew the peak resident set by \(growth / 1_048_576) MB")
    }

    @Test func nestedLoopsStillReportTheReentrancy() async throws {
        // A generous budget: this checks the result, not the speed (a loaded debug build is slow).
        let result = try await offCooperativePool {
            SolidityAnalyzer(configuration: .init(timeBudget: .seconds(60))).analyze(source: HostileShapes.nestedLoops, fileName: "loops.sol")
        }
        #expect(!result.budgetExceeded)
        #expect(result.findings.contains { $0.detectorID == "reentrancy" && $0.startLine == 1 })
    }

    @Test func callChainStillReportsTheReentrancy() async throws {
        let result = try await offCooperativePool {
            SolidityAnalyzer(configuration: .init(timeBudget: .seconds(60))).analyze(source: HostileShapes.callChain, fileName: "chain.sol")
        }
        #expect(result.findings.contains { $0.detectorID == "reentrancy" && $0.function == "f" })
    }

    @Test func powerChainIsReportedNotRecursed() async throws {
        let result = try await offCooperativePool {
            SolidityAnalyzer(configuration: .init(timeBudget: .seconds(60))).analyze(source: HostileShapes.powerChain, fileName: "pow.sol")
        }
        #expect(result.diagnostics.contains { $0.message.contains("too") })
    }

    @Test func inheritedModifierStillProtectsDeepInChain() {
        // A realistic depth: the modifier of a base ten levels up still protects.
        var source = "pragma solidity ^0.4.24; contract B0 { address owner; modifier onlyOwner() { require(msg.sender == owner); _; } }\n"
        for index in 1...10 { source += "contract B\(index) is B\(index - 1) {}\n" }
        source += "contract D is B10 { function kill() public onlyOwner { selfdestruct(msg.sender); } }"
        let result = SolidityAnalyzer().analyze(source: source, fileName: "chain.sol")
        #expect(!result.findings.contains { $0.function == "kill" }, "\(result.findings.map(\.detectorID))")
    }
}
