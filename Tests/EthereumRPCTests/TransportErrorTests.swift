import AsyncHTTPClient
import EthereumRPC
import Foundation
import NIOPosix
import NIOCore
import Synchronization
import Testing

@Suite("Transport failures, HTTP statuses and timeouts map onto the taxonomy")
struct TransportErrorTests {
    @Test(arguments: [(429, true), (500, true), (503, true), (408, true), (404, false), (400, false), (401, false)])
    func httpStatus(status: Int, retriable: Bool) async throws {
        let error = try await withScriptedNode({ _ in .json(#"{"message":"nope"}"#, status: status) }) { _, client in
            await rpcError { try await client.blockNumber() }
        }
        #expect(error?.kind == .http(status: status))
        #expect(error?.isRetriable == retriable)
        #expect(error?.detail.contains("HTTP status \(status)") == true)
        if status == 401 { #expect(error?.remedy.contains("auth token") == true) }
        if status == 429 { #expect(error?.remedy.contains("rate limiting") == true) }
    }

    // Timing bounds in this suite separate "the deadline fired" from "waited for the server": the server stalls
    // for `Self.stall` (far beyond any bound) and the bound leaves room for a loaded CI machine (a full parallel
    // run on 2 cores has been seen to delay a 200 ms deadline by 25 s).
    static let stall: TimeAmount = .seconds(180)
    static let bound: Duration = .seconds(60)

    @Test func slowHeadTimesOut() async throws {
        let started = ContinuousClock.now
        let error = try await withScriptedNode(timeout: .milliseconds(200), { request in
            var reply = ScriptedReply.result(request.calls[0], #""0x1""#)
            reply.delay = Self.stall
            return reply
        }) { _, client in
            await rpcError { try await client.blockNumber() }
        }
        #expect(ContinuousClock.now - started < Self.bound)
        #expect(error?.kind == .timeout)
        #expect(error?.isRetriable == true)
        #expect(error?.detail.contains("no complete answer within") == true)
    }

    @Test func slowBodyTimesOut() async throws {
        let started = ContinuousClock.now
        let error = try await withScriptedNode(timeout: .milliseconds(300), { request in
            var reply = ScriptedReply.result(request.calls[0], #""0x1""#)
            reply.bodyDelay = Self.stall
            return reply
        }) { _, client in
            await rpcError { try await client.blockNumber() }
        }
        #expect(ContinuousClock.now - started < Self.bound)
        #expect(error?.kind == .timeout)
    }

    @Test func perCallTimeoutOverridesDefault() async throws {
        // Answers stall past the 120 s default until the first call has ended, so only the 200 ms per-call deadline
        // can end that call within the bound; later answers come after 600 ms, well inside the default. (Keyed on
        // "the first call ended", not "the first request served": on a loaded machine the first call's deadline
        // can fire before its request reaches the server, and the second call's request must not get the stall.)
        let firstCallEnded = Atomic<Bool>(false)
        try await withScriptedNode(timeout: .seconds(120), { request in
            var reply = ScriptedReply.result(request.calls[0], #""0x1""#)
            reply.delay = firstCallEnded.load(ordering: .relaxed) ? .milliseconds(600) : Self.stall
            return reply
        }) { _, client in
            let started = ContinuousClock.now
            let error = await rpcError { try await client.send(RPCCalls.blockNumber(), timeout: .milliseconds(200)) }
            firstCallEnded.store(true, ordering: .relaxed)
            #expect(ContinuousClock.now - started < Self.bound)
            #expect(error?.kind == .timeout)
            let number = try await client.blockNumber()
            #expect(number == 1)
        }
    }

    @Test func serverClosingTheConnectionIsTransport() async throws {
        let error = try await withScriptedNode({ _ in .hangUpNow }) { _, client in
            await rpcError { try await client.blockNumber() }
        }
        #expect(error?.kind == .transport)
        #expect(error?.isRetriable == true)
    }

    /// A port on 127.0.0.1 with nothing listening (bound, then closed).
    func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }

    @Test func connectionRefusedIsTransport() async throws {
        let port = try await closedPort()
        // A 120 s deadline (and connect timeout): only an immediate transport error ends the call within the bound.
        let client = try EthereumClient(url: "http://127.0.0.1:\(port)/secret-token-123456", timeout: .seconds(120))
        let started = ContinuousClock.now
        let error = await rpcError { try await client.chainID() }
        try await client.shutdown()
        #expect(ContinuousClock.now - started < Self.bound)
        #expect(error?.kind == .transport)
        #expect(error?.isRetriable == true)
        #expect(error?.description.contains("Check that the node is running") == true)
        #expect(error?.description.contains("secret-token-123456") == false)
    }

    /// A refused connection reads as one: the socket error's text without NIO's call-site noise, parentheses balanced.
    @Test func connectionRefusedIsReportedReadably() async throws {
        let port = try await closedPort()
        let client = try EthereumClient(url: "http://127.0.0.1:\(port)/", timeout: .seconds(5))
        let error = await rpcError { try await client.chainID() }
        try await client.shutdown()
        let text = error?.description ?? ""
        #expect(error?.kind == .transport, "\(text)")
        #expect(text.contains("Connection refused"), "\(text)")
        #expect(text.filter { $0 == "(" }.count == text.filter { $0 == ")" }.count, "\(text)")
    }

    @Test func connectionRefusedWithRetryingClientEndsAtDeadline() async throws {
        let port = try await closedPort()
        let httpClient = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let client = try EthereumClient(url: "http://127.0.0.1:\(port)/", httpClient: httpClient, timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = await rpcError { try await client.chainID() }
        try await httpClient.shutdown()
        // Without the deadline AsyncHTTPClient would retry the refused connection indefinitely.
        #expect(ContinuousClock.now - started < Self.bound)
        #expect(error?.kind == .timeout || error?.kind == .transport)
        #expect(error?.isRetriable == true)
    }

    @Test func cancellationIsReportedAsCancelled() async throws {
        // Deadline and server stall both far beyond the bound: only the cancellation can end the call in time.
        try await withScriptedNode(timeout: .seconds(300), { request in
            var reply = ScriptedReply.result(request.calls[0], #""0x1""#)
            reply.delay = Self.stall
            return reply
        }) { _, client in
            let started = ContinuousClock.now
            let task = Task { await rpcError { try await client.blockNumber() } }
            try await Task.sleep(for: .milliseconds(100))
            task.cancel()
            let error = await task.value
            #expect(ContinuousClock.now - started < Self.bound)
            #expect(error?.kind == .cancelled)
            #expect(error?.isRetriable == false)
        }
    }

    @Test func invalidURLIsRejectedUpFront() throws {
        #expect(throws: RPCError.self) { try RPCEndpoint("ftp://example.com/") }
        #expect(throws: RPCError.self) { try RPCEndpoint("not a url") }
        #expect(throws: RPCError.self) { try RPCEndpoint("http:///path-only") }
    }
}
