import CFuzzerDriver
import SolidityAnalyzer

/// libFuzzer entry point: the input is a Solidity source file (any bytes, decoded leniently as UTF-8).
/// The analyzer promises never to trap and to stop at its time budget; libFuzzer's `-timeout=2` and
/// `-rss_limit_mb=512` turn a broken promise into a reported crash, timeout or out-of-memory input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSolidity(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let analyzer = SolidityAnalyzer(configuration: .init(timeBudget: .milliseconds(1500)))
    let result = analyzer.analyze(source: source, fileName: "fuzz.sol")
    for finding in result.findings {
        precondition(finding.startLine >= 1, "finding with a start line below 1: \(finding)")
    }
    return 0
}

/// The executable's entry point (see CFuzzerDriver): libFuzzer's driver with ``fuzzSolidity(_:_:)`` as the target.
@_cdecl("FuzzSolidity_main")
public func fuzzSolidityMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzSolidity(data, size)
    }
}
