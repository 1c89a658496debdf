import CFuzzerDriver
import Foundation

// This target compiles Sources/AuditNode/Config (through the symlink Config/) into the fuzzer itself.

/// libFuzzer entry point for the node configuration: the input is a config.yaml, loaded for the `local`
/// environment with an empty process environment (so no secret file is read) and a base directory that
/// does not exist (so relative paths resolve to nothing). Every failure must be a thrown `ConfigurationError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let loader = ConfigurationLoader(environment: [:])
    _ = try? loader.load(yaml: text, env: "local", baseDirectory: "/nonexistent-qsp-fuzz")
    return 0
}

/// The executable's entry point (see CFuzzerDriver): libFuzzer's driver with ``fuzzConfig(_:_:)`` as the target.
@_cdecl("FuzzConfig_main")
public func fuzzConfigMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzConfig(data, size)
    }
}
