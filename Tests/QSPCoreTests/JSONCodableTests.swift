import Foundation
import QSPCore
import Testing

/// ``JSONValue`` through `JSONEncoder`/`JSONDecoder`.
@Suite("JSONValue Codable")
struct JSONCodableTests {
    @Test func decodesLikeTheParser() throws {
        let text = #"{"a":[1,-2,3.5,true,false,null,"x",{"b":{}}],"big":18446744073709551616}"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded == (try JSONParser.parse(text)))
        guard case .integer = decoded["a"]?.arrayValue?[0] else { Issue.record("1 must decode as an integer"); return }
    }

    @Test func encodesInOrder() throws {
        let value: JSONValue = ["z": 1, "a": ["x", nil, true, 2.5]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONParser.parse(data) == value)
    }
}
