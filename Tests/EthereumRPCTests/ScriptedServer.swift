import EthereumRPC
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import QSPCore
import Synchronization

/// One JSON-RPC call found in a request body.
struct ReceivedCall: Sendable {
    let id: JSONValue
    let method: String
    let params: [JSONValue]
}

/// A request the scripted server received.
struct ReceivedRequest: Sendable {
    let uri: String
    let body: String
    let isBatch: Bool
    let calls: [ReceivedCall]
}

/// What the scripted server answers.
struct ScriptedReply: Sendable {
    var status: Int = 200
    var body: String
    /// Delay before anything is sent.
    var delay: TimeAmount = .zero
    /// Delay between the response head and the body (the head goes out at once).
    var bodyDelay: TimeAmount = .zero
    /// Close the connection without answering.
    var hangUp = false

    static func json(_ body: String, status: Int = 200) -> ScriptedReply { ScriptedReply(status: status, body: body) }
    static let hangUpNow = ScriptedReply(body: "", hangUp: true)

    /// `{"jsonrpc":"2.0","id":<id of the call>,"result":<result>}`.
    static func result(_ call: ReceivedCall, _ result: String) -> ScriptedReply { .json(resultObject(call, result)) }
    /// `{"jsonrpc":"2.0","id":<id>,"error":{"code":…,"message":…,"data":…}}`.
    static func error(_ call: ReceivedCall, code: Int, message: String, data: String? = nil) -> ScriptedReply {
        .json(errorObject(call, code: code, message: message, data: data))
    }

    static func resultObject(_ call: ReceivedCall, _ result: String) -> String {
        #"{"jsonrpc":"2.0","id":\#(call.id.preview(limit: 100)),"result":\#(result)}"#
    }
    static func errorObject(_ call: ReceivedCall, code: Int, message: String, data: String? = nil) -> String {
        let dataPart = data.map { #","data":\#($0)"# } ?? ""
        return #"{"jsonrpc":"2.0","id":\#(call.id.preview(limit: 100)),"error":{"code":\#(code),"message":\#(JSONValue.string(message).preview(limit: 1000))\#(dataPart)}}"#
    }
}

/// A local HTTP/1.1 server on 127.0.0.1 (ephemeral port) that answers each POST with a scripted reply.
final class ScriptedServer: Sendable {
    typealias Script = @Sendable (ReceivedRequest) -> ScriptedReply

    private let channel: any Channel
    private let log: RequestLog
    let port: Int

    private init(channel: any Channel, log: RequestLog, port: Int) {
        self.channel = channel
        self.log = log
        self.port = port
    }

    /// Every request received so far.
    var requests: [ReceivedRequest] { log.received.withLock { $0 } }

    static func start(_ script: @escaping Script) async throws -> ScriptedServer {
        let log = RequestLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ScriptHandler(script: script, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw CancellationError() }
        return ScriptedServer(channel: channel, log: log, port: port)
    }

    func url(_ pathAndQuery: String = "/") -> String { "http://127.0.0.1:\(port)\(pathAndQuery)" }

    func stop() async throws { try await channel.close() }
}

/// The requests a server received, shared between its connections.
final class RequestLog: Sendable {
    let received = Mutex<[ReceivedRequest]>([])
    func record(_ request: ReceivedRequest) { received.withLock { $0.append(request) } }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let script: ScriptedServer.Script
    private let log: RequestLog
    private var uri = "/"
    private var body = ByteBuffer()

    init(script: @escaping ScriptedServer.Script, log: RequestLog) {
        self.script = script
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            uri = head.uri
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            let text = String(buffer: body)
            let request = Self.parse(uri: uri, body: text)
            log.record(request)
            let reply = script(request)
            if reply.delay == .zero {
                respond(context: context, reply)
            } else {
                context.eventLoop.assumeIsolated().scheduleTask(in: reply.delay) { self.respond(context: context, reply) }
            }
        }
    }

    private func respond(context: ChannelHandlerContext, _ reply: ScriptedReply) {
        guard !reply.hangUp else {
            context.close(promise: nil)
            return
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: "\(reply.body.utf8.count)")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
        let sendBody = {
            context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        }
        if reply.bodyDelay == .zero {
            sendBody()
        } else {
            context.eventLoop.assumeIsolated().scheduleTask(in: reply.bodyDelay) { sendBody() }
        }
    }

    private static func parse(uri: String, body: String) -> ReceivedRequest {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) else {
            return ReceivedRequest(uri: uri, body: body, isBatch: false, calls: [])
        }
        func call(_ value: JSONValue) -> ReceivedCall? {
            guard case .object(let members) = value, case .string(let method)? = members["method"] else { return nil }
            var params: [JSONValue] = []
            if case .array(let list)? = members["params"] { params = list }
            return ReceivedCall(id: members["id"] ?? .null, method: method, params: params)
        }
        if case .array(let items) = json {
            return ReceivedRequest(uri: uri, body: body, isBatch: true, calls: items.compactMap(call))
        }
        return ReceivedRequest(uri: uri, body: body, isBatch: false, calls: call(json).map { [$0] } ?? [])
    }
}
