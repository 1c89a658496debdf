import CFuzzerDriver
import Ethereum
import Foundation

// This target compiles the sources of Sources/EthereumRPC (through the symlink EthereumRPC/, minus the three
// network files excluded in fuzz/Package.swift) into the fuzzer itself, so the harness reaches the internal
// parser and decoders without building async-http-client and NIO with the sanitizers.

private let endpoint = try! RPCEndpoint("http://127.0.0.1:8545/fuzz-secret-token")
private let batch = [JSONRPCRequest(method: "eth_blockNumber"), JSONRPCRequest(method: "eth_chainId"),
                     JSONRPCRequest(method: "eth_getBlockByNumber")]
private let address = try! Address(bytes: Data(repeating: 0x11, count: 20))

/// libFuzzer entry point for JSON-RPC answers: the input is an HTTP response body as a node would send it.
/// It goes through the strict JSON parser, the single-answer envelope (id, result, error, revert data), the
/// batch matcher, and the result decoder of every typed call in `RPCCalls` (block, receipt, transaction, logs,
/// fee history, quantities, data). Every failure must be a thrown error; a trap or a hang is a bug, and so is
/// the endpoint's secret path reaching an error message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRPC(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: start, count: count))
    guard let answer = try? JSONParser.parse(bytes) else { return 0 }
    let envelope = ResponseEnvelope(endpoint: endpoint, method: "eth_call")
    switch envelope.interpret(answer, expectedID: ResponseEnvelope.id(of: answer) ?? 1) {
    case .success(let result):
        decodeTyped(result)
    case .failure(let error):
        precondition(!"\(error)".contains("fuzz-secret-token"), "the endpoint's secret reached an error message")
    }
    do {
        for case .success(let result) in try BatchMatcher(endpoint: endpoint, requests: batch, firstID: 7).match(answer) {
            decodeTyped(result)
        }
    } catch {
        precondition(!"\(error)".contains("fuzz-secret-token"), "the endpoint's secret reached an error message")
    }
    decodeTyped(answer)
    return 0
}

private func decodeTyped(_ value: JSONValue) {
    _ = try? RPCCalls.chainID().decode(value)
    _ = try? RPCCalls.netVersion().decode(value)
    _ = try? RPCCalls.blockNumber().decode(value)
    _ = try? RPCCalls.block(.latest).decode(value)
    _ = try? RPCCalls.logs(LogFilter()).decode(value)
    _ = try? RPCCalls.call(CallRequest(to: address)).decode(value)
    _ = try? RPCCalls.gasPrice().decode(value)
    _ = try? RPCCalls.feeHistory(blockCount: 4).decode(value)
    _ = try? RPCCalls.transactionCount(address).decode(value)
    _ = try? RPCCalls.sendRawTransaction(Data([1])).decode(value)
    _ = try? RPCCalls.transactionReceipt(Data(count: 32)).decode(value)
    _ = try? RPCCalls.transaction(Data(count: 32)).decode(value)
    _ = try? RPCCalls.balance(address).decode(value)
    _ = ResponseEnvelope.revertBytes(in: value)
}

/// The executable's entry point (see CFuzzerDriver): libFuzzer's driver with ``fuzzRPC(_:_:)`` as the target.
@_cdecl("FuzzRPC_main")
public func fuzzRPCMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzRPC(data, size)
    }
}
