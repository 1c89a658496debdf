import Ethereum
import Foundation
import QSPCore

/// Interprets one JSON-RPC 2.0 answer object for a request with a known id.
struct ResponseEnvelope {
    let endpoint: RPCEndpoint
    let method: String

    func malformed(_ detail: String) -> RPCError {
        RPCError(kind: .malformedResponse, method: method, endpoint: endpoint.redacted, detail: endpoint.scrub(detail))
    }

    /// The answer's `id` as a request id, nil when absent, null or not a non-negative integer.
    static func id(of value: JSONValue) -> UInt64? {
        guard case .object(let members) = value, case .integer(let id)? = members["id"], id >= 0 else { return nil }
        return UInt64(id)
    }

    /// The result, or the error the answer stands for.
    func interpret(_ answer: JSONValue, expectedID: UInt64) -> Result<JSONValue, RPCError> {
        guard case .object(let members) = answer else {
            return .failure(malformed("malformed answer: expected a JSON-RPC object, got \(answer.typeName)"))
        }
        if let version = members["jsonrpc"], version != .string("2.0") {
            return .failure(malformed("malformed answer: \"jsonrpc\" is \(version.preview(limit: 20)), expected \"2.0\""))
        }
        let result = members["result"]
        let error = members["error"]
        let idValue = members["id"] ?? .null
        // Per JSON-RPC 2.0, an error the server could not attribute to a request carries id null.
        let idMatches = idValue == .integer(Int64(expectedID)) || (idValue == .null && error != nil && result == nil)
        guard idMatches else {
            return .failure(malformed("malformed answer: id \(idValue.preview(limit: 30)) does not match request id \(expectedID)"))
        }
        switch (result, error) {
        case (.some, .some):
            return .failure(malformed("malformed answer: has both \"result\" and \"error\""))
        case (nil, nil):
            return .failure(malformed("malformed answer: has neither \"result\" nor \"error\""))
        case (.some(let result), nil):
            return .success(result)
        case (nil, .some(let error)):
            return .failure(serverError(error))
        }
    }

    private func serverError(_ error: JSONValue) -> RPCError {
        guard case .object(let members) = error else {
            return malformed("malformed answer: \"error\" must be an object, got \(error.typeName)")
        }
        guard case .integer(let code)? = members["code"], let intCode = Int(exactly: code) else {
            return malformed("malformed answer: error.code must be an integer, got \((members["code"] ?? .null).preview(limit: 30))")
        }
        guard case .string(let message)? = members["message"] else {
            return malformed("malformed answer: error.message must be a string, got \((members["message"] ?? .null).typeName)")
        }
        let rawData = members["data"]
        let bytes = rawData.flatMap(Self.revertBytes(in:))
        let scrubbed = endpoint.scrub(message)
        var detail = "node error \(intCode): \(String(reflecting: String(scrubbed.prefix(500))))"
        if let bytes, !bytes.isEmpty {
            detail += " with \(bytes.count) bytes of data"
            if let reason = RevertReason.decode(bytes) { detail += " (\(reason))" }
        }
        return RPCError(
            kind: .server(code: intCode, message: scrubbed, data: bytes),
            method: method, endpoint: endpoint.redacted, detail: detail,
            serverData: bytes == nil && rawData != .null ? rawData : nil)
    }

    /// Revert bytes from an error's `data`: geth sends a hex string; Hardhat nests it as `{"data": "0x…"}`;
    /// Ganache as `{"<txhash>": {"return": "0x…"}}`.
    static func revertBytes(in data: JSONValue) -> Data? {
        switch data {
        case .string:
            return try? HexField.data(data, "error.data")
        case .object(let members):
            if let nested = members["data"], let bytes = revertBytes(in: nested) { return bytes }
            if let nested = members["return"], let bytes = revertBytes(in: nested) { return bytes }
            if members.count == 1, let only = members.values.first, case .object = only { return revertBytes(in: only) }
            return nil
        default:
            return nil
        }
    }
}
