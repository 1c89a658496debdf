import QSPCore
import Testing

/// Key order, duplicate keys and lookup of ``JSONObject``, and the ``JSONWriter`` forms.
@Suite("JSON objects and writer")
struct JSONObjectTests {
    @Test func keyOrderIsKept() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":{"y":1,"b":2}}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m"])
        #expect(value["m"]?.objectValue?.keys == ["y", "b"])
        #expect(JSONWriter.string(value) == #"{"z":1,"a":2,"m":{"y":1,"b":2}}"#)
    }

    @Test func lastDuplicateWinsInTheFirstPlace() throws {
        let value = try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
        #expect(JSONWriter.string(value) == #"{"a":3,"b":2}"#)
    }

    @Test func equalityIgnoresOrder() throws {
        let a = try JSONParser.parse(#"{"a":1,"b":[true,null]}"#)
        let b = try JSONParser.parse(#"{"b":[true,null],"a":1.0}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != (try JSONParser.parse(#"{"a":1,"b":[null,true]}"#)))
        #expect(a != (try JSONParser.parse(#"{"a":1}"#)))
    }

    @Test func largeObjectsUseTheIndex() throws {
        let count = JSONObject.indexThreshold * 4
        let text = "{" + (0..<count).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + #","k7":"last"}"#
        let object = try #require(try JSONParser.parse(text).objectValue)
        #expect(object.count == count)
        #expect(object["k7"] == "last")
        #expect(object.position(of: "k7") == 7)
        #expect(object["k0"] == 0 && object["k30"] == 30 && object["k\(count - 1)"] == .integer(Int64(count - 1)))
        #expect(object["missing"] == nil)
        var edited = object
        edited["k0"] = nil
        #expect(edited.count == count - 1 && edited["k0"] == nil && edited["k1"] == 1 && edited.position(of: "k1") == 0)
        edited["new"] = true
        #expect(edited.keys.last == "new" && edited["new"] == true)
    }

    @Test func subscriptSetterAndAdd() {
        var object: JSONObject = [:]
        object["b"] = 1
        object["a"] = 2
        object["b"] = 3
        object.add("skipped", nil)
        object.add("c", "x")
        #expect(object.keys == ["b", "a", "c"])
        #expect(object.values == [3, 2, "x"])
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
    }

    @Test func writerForms() {
        let value: JSONValue = ["a": [1, 2.5, "é😀\n\"/"], "b": [:], "c": [], "d": nil, "e": false]
        #expect(JSONWriter.string(value) == #"{"a":[1,2.5,"\u00e9\ud83d\ude00\n\"/"],"b":{},"c":[],"d":null,"e":false}"#)
        #expect(JSONWriter.string(value, pretty: true) == """
            {
              "a": [
                1,
                2.5,
                "\\u00e9\\ud83d\\ude00\\n\\"/"
              ],
              "b": {},
              "c": [],
              "d": null,
              "e": false
            }
            """)
        #expect(JSONWriter.string(.double(3)) == "3.0")
        #expect(JSONWriter.string(.double(.nan)) == "null")
    }

    @Test func writerOutputParsesBack() throws {
        let value: JSONValue = ["s": "\u{1}\u{7F}\u{FFFF}\u{10FFFF}", "n": [-0.5, 1e300, .integer(Int64.min)]]
        #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.bytes(value, pretty: true)) == value)
    }

    @Test func previewIsShortAndCompact() {
        #expect(JSONValue.string("a").preview() == #""a""#)
        #expect(JSONValue.array((0..<20).map { .integer(Int64($0)) }).preview() == "[array of 20 values]")
        #expect(JSONValue.string(String(repeating: "x", count: 500)).preview(limit: 10) == #""xxxxxxxxxx"…"#)
        #expect(JSONValue.integer(7).typeName == "number" && JSONValue.null.typeName == "null")
    }
}
