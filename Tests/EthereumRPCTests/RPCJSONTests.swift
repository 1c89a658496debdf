import Ethereum
import Foundation
import QSPCore
import Testing

@testable import EthereumRPC

/// The RPC side of the shared JSON parser (its own vectors are in QSPCoreTests): real answer shapes parse to the
/// same values as through `JSONDecoder`, and keyed lookup works on them.
@Suite("JSON of RPC answers")
struct RPCJSONTests {
    @Test func agreesWithFoundation() throws {
        let text = "[" + Fixtures.block + "," + Fixtures.receipt + "," + Fixtures.feeHistory + "]"
        let ours = try JSONParser.parse(text)
        let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(ours == foundation)
    }

    @Test func keyedLookupOnAnswers() throws {
        let block = try JSONParser.parse(Fixtures.block)
        #expect(block["parentHash"] == .string(Fixtures.parentHash))
        #expect(block["noSuchField"] == nil)
        let members = try #require(block.objectValue)
        #expect(Array(members.keys.prefix(3)) == ["number", "hash", "parentHash"])  // document order
    }

    @Test func requestObjectsKeepTheirOrder() throws {
        let call = CallRequest(to: try Address(Fixtures.address), data: Data([1, 2]))
        #expect(JSONWriter.string(call.jsonValue) == #"{"to":"\#(Fixtures.address)","data":"0x0102"}"#)
    }
}
