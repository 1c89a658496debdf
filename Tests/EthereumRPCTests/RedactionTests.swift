import AsyncHTTPClient
import EthereumRPC
import Foundation
import NIOCore
import Testing

@Suite("The auth token in the URL never appears in errors")
struct RedactionTests {
    static let token = "k3yS3cr3tT0ken9876"
    static let apiKey = "qu3ryS3cr3tValue"
    static let path = "/v3/\(token)?apikey=\(apiKey)"

    func assertRedacted(_ error: RPCError?, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error else {
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return
        }
        let texts = [error.description, error.detail, error.endpoint, String(reflecting: error), "\(error.kind)"]
        for text in texts {
            #expect(!text.contains(Self.token), "token leaked: \(text)", sourceLocation: sourceLocation)
            #expect(!text.contains(Self.apiKey), "query secret leaked: \(text)", sourceLocation: sourceLocation)
        }
        #expect(error.endpoint.hasSuffix("/<redacted>?<redacted>"), sourceLocation: sourceLocation)
    }

    @Test func endpointRedaction() throws {
        let endpoint = try RPCEndpoint("https://user:pa55word-long@mainnet.example.io/v3/\(Self.token)?apikey=\(Self.apiKey)&x=1")
        #expect(endpoint.redacted == "https://mainnet.example.io:443/<redacted>?<redacted>")
        #expect(endpoint.scrub("GET /v3/\(Self.token) failed for \(Self.apiKey) pa55word-long") == "GET <redacted> failed for <redacted> <redacted>")
        #expect(try RPCEndpoint("http://127.0.0.1:8545").redacted == "http://127.0.0.1:8545")
        let client = try EthereumClient(url: "http://127.0.0.1:1/v3/\(Self.token)", httpClient: .shared)
        for text in ["\(client)", String(reflecting: client), "\(client.rpc)", "\(client.rpc.endpoint)"] {
            #expect(!text.contains(Self.token), "\(text)")
        }
        #expect(try RPCEndpoint("http://localhost:8545/").redacted == "http://localhost:8545")
    }

    @Test func serverEchoingTheURLIsScrubbed() async throws {
        try await withScriptedNode(path: Self.path, { request in
            let call = request.calls[0]
            switch call.method {
            case "eth_chainId": return .json("unauthorized for \(request.uri)", status: 401)
            case "eth_blockNumber": return .error(call, code: -32000, message: "bad key \(Self.token) in \(request.uri)")
            case "eth_gasPrice": return .json("<html>\(request.uri)</html>")
            default: return .result(call, "\"\(request.uri)\"")
            }
        }) { server, client in
            #expect(server.requests.isEmpty)
            assertRedacted(await rpcError { try await client.chainID() })
            assertRedacted(await rpcError { try await client.blockNumber() })
            assertRedacted(await rpcError { try await client.gasPrice() })
            assertRedacted(await rpcError { try await client.maxPriorityFeePerGas() })
            #expect(server.requests.first?.uri == Self.path)
        }
    }

    @Test func timeoutAndTransportErrorsAreRedacted() async throws {
        try await withScriptedNode(path: Self.path, timeout: .milliseconds(100), { request in
            if request.calls.first?.method == "eth_chainId" { return .hangUpNow }
            var reply = ScriptedReply.result(request.calls[0], #""0x1""#)
            reply.delay = .seconds(30)  // far past the 100 ms deadline, even on a loaded machine
            return reply
        }) { _, client in
            let timeout = await rpcError { try await client.blockNumber() }
            #expect(timeout?.kind == .timeout)
            assertRedacted(timeout)
            let transport = await rpcError { try await client.send(RPCCalls.chainID(), timeout: .seconds(60)) }  // the hang-up, not the deadline, must end it
            #expect(transport?.kind == .transport, "\(String(describing: transport))")
            assertRedacted(transport)
        }
    }
}
