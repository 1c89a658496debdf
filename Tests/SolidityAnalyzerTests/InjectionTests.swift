import Foundation
import Testing
@testable import SolidityAnalyzer

/// Issue 12's bar on the injection harness: ≥ 90 % recall per class and no finding of those classes on the clean
/// originals. `scripts/injection-eval` runs this suite and shows the table it prints.
@Suite struct InjectionTests {
    static let minimumRecall = 0.9

    @Test func injectedBugsAreFoundAndCleanContractsStayClean() async throws {
        let (outcomes, cleanFindings) = try await offCooperativePool { try Injection.evaluate() }
        var table = ["INJECTION class                                                       injected found recall"]
        for (bugClass, outcome) in outcomes {
            table.append("INJECTION " + bugClass.name.padding(toLength: 60, withPad: " ", startingAt: 0)
                + String(format: "%8d %5d %6.1f%%", outcome.injected, outcome.found, outcome.recall * 100))
        }
        for line in table { print(line) }
        print("INJECTION findings on the clean originals: \(cleanFindings.isEmpty ? "none" : cleanFindings.joined(separator: ", "))")
        for (bugClass, outcome) in outcomes {
            for miss in outcome.misses.prefix(12) { print("INJECTION miss: \(miss)") }
            #expect(outcome.injected >= 40, "\(bugClass.name): only \(outcome.injected) injections")
            #expect(outcome.recall >= Self.minimumRecall, "\(bugClass.name): recall \(outcome.recall)")
        }
        let classDetectors = Set(Injection.classes.flatMap(\.detectors))
        let classFindings = cleanFindings.filter { line in classDetectors.contains { line.hasSuffix(" " + $0) } }
        #expect(classFindings.isEmpty, "findings of the injected classes on clean originals: \(classFindings)")
    }

    @Test func variantsCoverEveryFunctionPosition() throws {
        let source = "pragma solidity ^0.5.0;\ncontract A {\n    uint x;\n    function f() public {}\n    function g() public {}\n}\n"
        let snippet = Injection.Snippet(state: "uint y{N};", function: "function h{N}() public {\n    x = 1; /*BUG*/\n}")
        let variants = Injection.variants(of: source, with: snippet, id: 7)
        #expect(variants.count == 3)
        for variant in variants {
            let lines = variant.source.components(separatedBy: "\n")
            #expect(lines[variant.bugLine - 1].contains("x = 1;"))
            #expect(variant.source.contains("uint y7;"))
            #expect(!variant.source.contains("/*BUG*/"))
        }
    }
}
