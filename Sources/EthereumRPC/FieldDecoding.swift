import Ethereum
import Foundation
import QSPCore

/// A problem found while decoding an answer: the JSON path of the offending field and what is wrong with it.
struct FieldDecodingError: Error, Sendable {
    let path: String
    let problem: String

    var detail: String { "malformed answer: field `\(path)` \(problem)" }
}

/// Strict decoders for JSON-RPC encodings: quantities ("0x1a", no empty "0x"), byte data ("0x" + even hex),
/// 32-byte hashes and 20-byte addresses. Leading zeros in quantities are tolerated.
enum HexField {
    static func string(_ value: JSONValue, _ path: String) throws(FieldDecodingError) -> String {
        guard case .string(let text) = value else {
            throw FieldDecodingError(path: path, problem: "must be a hex string, got \(value.typeName) \(value.preview(limit: 40))")
        }
        return text
    }

    /// Hex digits after the mandatory "0x" prefix, or nil.
    private static func digits(_ text: String) -> Substring.UTF8View? {
        let utf8 = text.utf8
        guard utf8.count >= 2, utf8.first == UInt8(ascii: "0"),
            utf8[utf8.index(after: utf8.startIndex)] | 0x20 == UInt8(ascii: "x")
        else { return nil }
        return Substring(text).utf8.dropFirst(2)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    static func uint64(_ value: JSONValue, _ path: String) throws(FieldDecodingError) -> UInt64 {
        let text = try string(value, path)
        guard let digits = digits(text), !digits.isEmpty else {
            throw FieldDecodingError(path: path, problem: "must be a hex quantity like \"0x1a\", got \(value.preview(limit: 40))")
        }
        var result: UInt64 = 0
        for c in digits {
            guard let n = nibble(c) else {
                throw FieldDecodingError(path: path, problem: "contains a non-hex character: \(value.preview(limit: 40))")
            }
            guard result >> 60 == 0 else {
                throw FieldDecodingError(path: path, problem: "does not fit in 64 bits: \(value.preview(limit: 40))")
            }
            result = result << 4 | UInt64(n)
        }
        return result
    }

    static func uint256(_ value: JSONValue, _ path: String) throws(FieldDecodingError) -> UInt256 {
        let text = try string(value, path)
        guard let digits = digits(text), !digits.isEmpty else {
            throw FieldDecodingError(path: path, problem: "must be a hex quantity like \"0x1a\", got \(value.preview(limit: 40))")
        }
        guard digits.allSatisfy({ nibble($0) != nil }) else {
            throw FieldDecodingError(path: path, problem: "contains a non-hex character: \(value.preview(limit: 40))")
        }
        let significant = digits.drop(while: { $0 == UInt8(ascii: "0") })
        let normalized = significant.isEmpty ? "0" : String(Substring(significant))
        guard significant.count <= 64, let result = UInt256(hexString: normalized) else {
            throw FieldDecodingError(path: path, problem: "does not fit in 256 bits: \(value.preview(limit: 40))")
        }
        return result
    }

    static func data(_ value: JSONValue, _ path: String, length: Int? = nil) throws(FieldDecodingError) -> Data {
        let text = try string(value, path)
        guard let digits = digits(text), digits.count % 2 == 0 else {
            throw FieldDecodingError(path: path, problem: "must be \"0x\" followed by an even number of hex digits, got \(value.preview(limit: 40))")
        }
        if let length, digits.count != length * 2 {
            throw FieldDecodingError(path: path, problem: "must be \(length) bytes, got \(digits.count / 2)")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        var high: UInt8? = nil
        for c in digits {
            guard let n = nibble(c) else {
                throw FieldDecodingError(path: path, problem: "contains a non-hex character: \(value.preview(limit: 40))")
            }
            if let h = high {
                bytes.append(h << 4 | n)
                high = nil
            } else {
                high = n
            }
        }
        return Data(bytes)
    }

    static func hash(_ value: JSONValue, _ path: String) throws(FieldDecodingError) -> Data {
        try data(value, path, length: 32)
    }

    static func address(_ value: JSONValue, _ path: String) throws(FieldDecodingError) -> Address {
        let bytes = try data(value, path, length: 20)
        guard let address = try? Address(bytes: bytes) else {
            throw FieldDecodingError(path: path, problem: "is not a valid address")
        }
        return address
    }

    static func bool(_ value: JSONValue, _ path: String) throws(FieldDecodingError) -> Bool {
        guard case .bool(let flag) = value else {
            throw FieldDecodingError(path: path, problem: "must be a boolean, got \(value.typeName)")
        }
        return flag
    }

    static func array(_ value: JSONValue, _ path: String) throws(FieldDecodingError) -> [JSONValue] {
        guard case .array(let items) = value else {
            throw FieldDecodingError(path: path, problem: "must be an array, got \(value.typeName)")
        }
        return items
    }
}

/// Reads the members of one JSON object, naming each field's full path in errors.
struct ObjectReader {
    let members: JSONObject
    let path: String

    init(_ value: JSONValue, path: String) throws(FieldDecodingError) {
        guard case .object(let members) = value else {
            throw FieldDecodingError(path: path, problem: "must be an object, got \(value.typeName)")
        }
        self.members = members
        self.path = path
    }

    func fieldPath(_ key: String) -> String { "\(path).\(key)" }

    /// The member, or an error when it is absent or null.
    func required(_ key: String) throws(FieldDecodingError) -> JSONValue {
        guard let value = members[key], value != .null else {
            throw FieldDecodingError(path: fieldPath(key), problem: "is missing")
        }
        return value
    }

    /// The member, or nil when it is absent or null.
    func optional(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func uint64(_ key: String) throws(FieldDecodingError) -> UInt64 { try HexField.uint64(required(key), fieldPath(key)) }
    func uint256(_ key: String) throws(FieldDecodingError) -> UInt256 { try HexField.uint256(required(key), fieldPath(key)) }
    func data(_ key: String) throws(FieldDecodingError) -> Data { try HexField.data(required(key), fieldPath(key)) }
    func hash(_ key: String) throws(FieldDecodingError) -> Data { try HexField.hash(required(key), fieldPath(key)) }
    func address(_ key: String) throws(FieldDecodingError) -> Address { try HexField.address(required(key), fieldPath(key)) }
    func array(_ key: String) throws(FieldDecodingError) -> [JSONValue] { try HexField.array(required(key), fieldPath(key)) }

    func optionalUInt64(_ key: String) throws(FieldDecodingError) -> UInt64? {
        guard let value = optional(key) else { return nil }
        return try HexField.uint64(value, fieldPath(key))
    }
    func optionalUInt256(_ key: String) throws(FieldDecodingError) -> UInt256? {
        guard let value = optional(key) else { return nil }
        return try HexField.uint256(value, fieldPath(key))
    }
    func optionalHash(_ key: String) throws(FieldDecodingError) -> Data? {
        guard let value = optional(key) else { return nil }
        return try HexField.hash(value, fieldPath(key))
    }
    func optionalAddress(_ key: String) throws(FieldDecodingError) -> Address? {
        guard let value = optional(key) else { return nil }
        return try HexField.address(value, fieldPath(key))
    }
    func optionalBool(_ key: String) throws(FieldDecodingError) -> Bool? {
        guard let value = optional(key) else { return nil }
        return try HexField.bool(value, fieldPath(key))
    }
}
