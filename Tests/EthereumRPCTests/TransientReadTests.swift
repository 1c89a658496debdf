import Ethereum
import EthereumRPC
import Foundation
import Synchronization
import Testing

/// Issue 10: what an idempotent read retries, what proves a broadcast was refused, and exact failure counting.
@Suite("Transient faults of reads and broadcasts")
struct TransientReadTests {
    static let fast = RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(5), maxDelay: .milliseconds(20))

    static func server(_ code: Int, _ message: String) -> RPCError {
        RPCError(kind: .server(code: code, message: message, data: nil), method: "eth_call", endpoint: "http://127.0.0.1:1/<redacted>", detail: message)
    }

    static func kind(_ kind: RPCError.Kind) -> RPCError {
        RPCError(kind: kind, method: "eth_call", endpoint: "http://127.0.0.1:1/<redacted>", detail: "x")
    }

    @Test func readsRetryEverythingButDefinitiveAnswers() {
        #expect(Self.server(-32000, "injected fault").isTransientForReads)
        #expect(Self.server(-32000, "header not found").isTransientForReads)
        #expect(Self.kind(.malformedResponse).isTransientForReads)
        #expect(Self.kind(.transport).isTransientForReads)
        #expect(Self.kind(.http(status: 502)).isTransientForReads)
        #expect(!Self.server(3, "execution reverted").isTransientForReads)
        #expect(!Self.server(-32601, "the method eth_foo does not exist").isTransientForReads)
        #expect(!Self.server(-32602, "invalid argument 0").isTransientForReads)
        #expect(!Self.kind(.http(status: 401)).isTransientForReads)
        #expect(!Self.kind(.cancelled).isTransientForReads)
    }

    @Test func onlyRecognisedRefusalsProveABroadcastFailed() {
        #expect(Self.server(-32000, "insufficient funds for gas * price + value").isDefinitiveRefusal)
        #expect(Self.server(-32000, "invalid sender").isDefinitiveRefusal)
        #expect(Self.server(-32000, "intrinsic gas too low").isDefinitiveRefusal)
        // May hide a transaction that reached the mempool: keep the nonce and re-broadcast.
        #expect(!Self.server(-32000, "injected fault").isDefinitiveRefusal)
        #expect(!Self.kind(.malformedResponse).isDefinitiveRefusal)
        #expect(!Self.kind(.transport).isDefinitiveRefusal)
        #expect(!Self.kind(.timeout).isDefinitiveRefusal)
        #expect(!Self.server(-32000, "already known").isDefinitiveRefusal)
    }

    @Test func aTruncatedAnswerToAReadIsRetried() async throws {
        let served = Atomic<Int>(0)
        let script: ScriptedServer.Script = { request in
            let count = served.add(1, ordering: .relaxed).newValue
            if count == 1 { return .json(#"{"jsonrpc":"2.0","id":1,"res"#) }
            if count == 2 { return .error(request.calls[0], code: -32000, message: "injected fault") }
            return .result(request.calls[0], #""0x2a""#)
        }
        try await withScriptedNode(script) { server, client in
            let number = try await Self.fast.run(retryingIf: { $0.isTransientForReads }) { () async throws(RPCError) -> UInt64 in
                try await client.blockNumber()
            }
            #expect(number == 42)
            #expect(server.requests.count == 3)
        }
    }

    @Test func aRevertIsNotRetried() async throws {
        try await withScriptedNode({ .error($0.calls[0], code: 3, message: "execution reverted") }) { server, client in
            let error = await rpcError {
                try await Self.fast.run(retryingIf: { $0.isTransientForReads }) { () async throws(RPCError) -> UInt64 in try await client.blockNumber() }
            }
            #expect(error != nil)
            #expect(server.requests.count == 1)
        }
    }

    @Test func everyFailedCallIsObservedOnce() async throws {
        let served = Atomic<Int>(0)
        let script: ScriptedServer.Script = { request in
            let count = served.add(1, ordering: .relaxed).newValue
            if count == 1 { return .json("busy", status: 500) }
            if count == 2 { return .error(request.calls[0], code: -32000, message: "injected fault") }
            return .result(request.calls[0], #""0x2a""#)
        }
        let observed = ObservedFailures()
        try await withScriptedNode(script) { _, plain in
            let client = plain.observingFailures { error in observed.add(error.method) }
            _ = await rpcError { _ = try await client.blockNumber() }
            _ = await rpcError { _ = try await client.blockNumber() }
            let number = try await client.blockNumber()
            #expect(number == 42)
        }
        #expect(observed.methods == ["eth_blockNumber", "eth_blockNumber"])
    }
}

/// Methods of the failed calls an observer saw.
final class ObservedFailures: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ method: String) { list.withLock { $0.append(method) } }
    var methods: [String] { list.withLock { $0 } }
}
