import QSPCore

/// Matches the answers of a batch to its requests by id, in any order.
struct BatchMatcher {
    let endpoint: RPCEndpoint
    let requests: [JSONRPCRequest]
    let firstID: UInt64

    func match(_ answer: JSONValue) throws(RPCError) -> [Result<JSONValue, RPCError>] {
        let whole = ResponseEnvelope(endpoint: endpoint, method: "batch")
        guard case .array(let answers) = answer else {
            // A node that rejects batches answers with one error object (id null).
            if case .object(let members) = answer, members["error"] != nil, members["result"] == nil {
                if case .failure(let error) = whole.interpret(answer, expectedID: firstID) { throw error }
            }
            throw whole.malformed("malformed answer: a batch must be answered with an array, got \(answer.typeName)")
        }
        var byIndex = [JSONValue?](repeating: nil, count: requests.count)
        for item in answers {
            guard let id = ResponseEnvelope.id(of: item), id >= firstID, id - firstID < UInt64(requests.count) else {
                throw whole.malformed("malformed answer: batch answer with id \(Self.idPreview(item)) that was not requested")
            }
            let index = Int(id - firstID)
            guard byIndex[index] == nil else {
                throw whole.malformed("malformed answer: two batch answers with id \(id)")
            }
            byIndex[index] = item
        }
        return requests.indices.map { index in
            let envelope = ResponseEnvelope(endpoint: endpoint, method: requests[index].method)
            let id = firstID + UInt64(index)
            guard let item = byIndex[index] else {
                return .failure(envelope.malformed("malformed answer: the batch answer has no entry for id \(id)"))
            }
            return envelope.interpret(item, expectedID: id)
        }
    }

    private static func idPreview(_ item: JSONValue) -> String {
        guard case .object(let members) = item else { return "(not an object)" }
        return (members["id"] ?? .null).preview(limit: 30)
    }
}
