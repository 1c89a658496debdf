// qsp-bench: runs the benchmarks named on the command line (default: all) and prints
// `RESULT <metric> <value> <unit>` lines that scripts/bench turns into a table.
//   qsp-bench [keccak] [abi] [signing] [json] [analyzer [CONTRACTS_DIR]]
import Foundation

let benchmarkNames: Set = ["keccak", "abi", "signing", "json", "analyzer"]
let arguments = Array(CommandLine.arguments.dropFirst())
let selected = Set(arguments.filter { benchmarkNames.contains($0) })
func wants(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

if wants("keccak") { runKeccakBench().forEach { $0.printLine() } }
if wants("abi") { runABIBench().forEach { $0.printLine() } }
if wants("signing") { runSigningBench() }  // SigningBench.swift (helper eth-sign)
if wants("json") {  // JSONBench.swift: the hand-written parser against Codable (issue 11)
    let directory = ProcessInfo.processInfo.environment["QSP_BENCH_JSON"] ?? "benchmarks/json"
    runJSONBench(fixturesDir: directory).forEach { $0.printLine() }
}
if wants("analyzer") {
    let directory = arguments.first { !benchmarkNames.contains($0) }
        ?? ProcessInfo.processInfo.environment["QSP_BENCH_CONTRACTS"]
        ?? "Tests/SolidityAnalyzerTests/Corpus"
    runAnalyzerBench(contractsDir: directory)
}
