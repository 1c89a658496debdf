import AsyncHTTPClient
import EthereumRPC
import Foundation
import Testing

/// Starts a scripted server and an `EthereumClient` pointed at `path` on it, runs `body`, then tears both down.
func withScriptedNode<T>(
    path: String = "/",
    timeout: Duration = .seconds(30),  // generous: calls that must succeed do so on a loaded CI machine
    maxResponseBytes: Int = 32 << 20,
    _ script: @escaping ScriptedServer.Script,
    _ body: (ScriptedServer, EthereumClient) async throws -> T
) async throws -> T {
    let server = try await ScriptedServer.start(script)
    let httpClient = JSONRPCClient.makeHTTPClient(connectTimeout: .seconds(2))
    do {
        let client = try EthereumClient(url: server.url(path), httpClient: httpClient, timeout: timeout, maxResponseBytes: maxResponseBytes)
        let value = try await body(server, client)
        try await httpClient.shutdown()
        try await server.stop()
        return value
    } catch {
        try? await httpClient.shutdown()
        try? await server.stop()
        throw error
    }
}

/// A script answering each call by method name with a raw JSON result (unknown methods get -32601).
func answering(_ results: [String: String]) -> ScriptedServer.Script {
    { request in
        guard let call = request.calls.first else { return .json("{}", status: 400) }
        if let result = results[call.method] { return .result(call, result) }
        return .error(call, code: -32601, message: "the method \(call.method) does not exist/is not available")
    }
}

/// Runs `body` and returns the `RPCError` it throws (nil if it succeeds).
func rpcError<T>(_ body: () async throws -> T) async -> RPCError? {
    do {
        _ = try await body()
        return nil
    } catch let error as RPCError {
        return error
    } catch {
        Issue.record("expected an RPCError, got \(error)")
        return nil
    }
}

/// Hex of `n` repetitions of a byte, e.g. a 32-byte hash literal.
func hexBytes(_ byte: UInt8, count: Int) -> String {
    "0x" + String(repeating: String(format: "%02x", byte), count: count)
}

/// ABI-encoded `Error(string)` revert data.
func errorStringRevertData(_ message: String) -> Data {
    var data = Data([0x08, 0xc3, 0x79, 0xa0])
    data += word(32)
    data += word(UInt64(message.utf8.count))
    var text = Data(message.utf8)
    text += Data(count: (32 - text.count % 32) % 32)
    return data + text
}

/// A 32-byte big-endian word.
func word(_ value: UInt64) -> Data {
    var data = Data(count: 24)
    withUnsafeBytes(of: value.bigEndian) { data += $0 }
    return data
}
