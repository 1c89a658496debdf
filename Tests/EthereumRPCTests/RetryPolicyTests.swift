import EthereumRPC
import Foundation
import Synchronization
import Testing

@Suite("Retry helper")
struct RetryPolicyTests {
    static let fast = RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(5), maxDelay: .milliseconds(20))

    @Test func retriesRetriableFailuresUntilSuccess() async throws {
        let served = Atomic<Int>(0)
        let script: ScriptedServer.Script = { request in
            let count = served.add(1, ordering: .relaxed).newValue
            return count < 3 ? .json("busy", status: 503) : .result(request.calls[0], #""0x2a""#)
        }
        try await withScriptedNode(script) { server, client in
            let number = try await Self.fast.run { () async throws(RPCError) -> UInt64 in try await client.blockNumber() }
            #expect(number == 42)
            #expect(server.requests.count == 3)
        }
    }

    @Test func doesNotRetryNonRetriable() async throws {
        try await withScriptedNode({ .error($0.calls[0], code: -32000, message: "nonce too low") }) { server, client in
            let error = await rpcError { try await Self.fast.run { () async throws(RPCError) -> Data in try await client.sendRawTransaction(Data([1])) } }
            #expect(error?.classification == .nonceTooLow)
            #expect(server.requests.count == 1)
        }
    }

    @Test func givesUpAfterMaxAttempts() async throws {
        try await withScriptedNode({ _ in .json("slow down", status: 429) }) { server, client in
            let error = await rpcError { try await Self.fast.run { () async throws(RPCError) -> UInt64 in try await client.chainID() } }
            #expect(error?.kind == .http(status: 429))
            #expect(server.requests.count == 4)
        }
    }

    @Test func delaysGrowAndAreCapped() {
        let policy = RetryPolicy(maxAttempts: 10, initialDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(policy.delay(afterAttempt: 1, random: 1) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2, random: 1) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 3, random: 0.5) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 9, random: 1) == .seconds(1))
        #expect(policy.delay(afterAttempt: 1000, random: 1) == .seconds(1))
        #expect(policy.delay(afterAttempt: 2, random: 0) == .zero)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }

    @Test func cancellationStopsTheBackoff() async throws {
        // Back-off of up to 180 s: only the cancellation can end the run within the 60 s bound (generous for a
        // loaded CI machine).
        let slow = RetryPolicy(maxAttempts: 5, initialDelay: .seconds(180), maxDelay: .seconds(180))
        let failure = RPCError(kind: .timeout, method: "eth_chainId", endpoint: "http://x:80", detail: "slow")
        let attempts = Atomic<Int>(0)
        let started = ContinuousClock.now
        let task = Task {
            await rpcError {
                try await slow.run { () async throws(RPCError) -> Int in
                    attempts.add(1, ordering: .relaxed)
                    throw failure
                }
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let error = await task.value
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(error?.kind == .cancelled || error?.kind == .timeout)
        #expect(attempts.load(ordering: .relaxed) <= 2)
    }
}
