/// A JSON value: the project's one JSON vocabulary, for RPC answers and requests, reports, schemas and SARIF.
///
/// Objects keep their key order (``JSONObject``); numbers keep the integer/non-integer distinction of the text
/// (``integer(_:)`` for integers that fit `Int64`, ``double(_:)`` for the rest). Parse with ``JSONParser``,
/// write deterministically with ``JSONWriter``; `Codable` is also supported (see `JSONValue+Codable.swift`).
///
/// Equality is JSON's: object member order is ignored, and an integer equals a double of exactly the same value
/// (`1 == 1.0`, as JSON Schema's `enum` requires).
public enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits `Int64`.
    case integer(Int64)
    /// Any other finite number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object with ordered, unique keys.
    case object(JSONObject)
}

extension JSONValue {
    /// The member `key` of an object; nil for other values or a missing key.
    @inlinable public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The string, or nil.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The elements of an array, or nil.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of an object, or nil.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The number as a `Double` (integers included), or nil.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// True for numbers with no fractional part (JSON Schema draft 6+ "integer").
    public var isInteger: Bool {
        switch self {
        case .integer: true
        case .double(let value): value.isFinite && value.rounded(.towardZero) == value
        default: false
        }
    }

    /// A short name of the value's JSON type for error messages ("string", "object", ...).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value as compact JSON for error messages: at most `limit` characters; large arrays and objects are
    /// summarised instead of written.
    public func preview(limit: Int = 80) -> String {
        switch self {
        case .array(let items) where items.count > 8: return "[array of \(items.count) values]"
        case .object(let members) where members.count > 8: return "{object with \(members.count) members}"
        case .string(let text) where text.utf8.count > limit * 4:
            return JSONWriter.string(.string(String(text.prefix(limit)))) + "…"
        default: break
        }
        let text = JSONWriter.string(self)
        return text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}

extension JSONValue: Hashable {
    /// JSON equality: objects ignore member order; an integer equals a double of exactly its value.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.integer(a), .integer(b)): a == b
        case let (.double(a), .double(b)): a == b
        case let (.integer(a), .double(b)), let (.double(b), .integer(a)): Int64(exactly: b) == a
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a == b
        default: false
        }
    }

    /// Consistent with `==`: a double with an exact `Int64` value hashes like that integer.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(1); hasher.combine(value)
        case .integer(let value): hasher.combine(2); hasher.combine(value)
        case .double(let value):
            if let exact = Int64(exactly: value) {
                hasher.combine(2); hasher.combine(exact)
            } else {
                hasher.combine(3); hasher.combine(value)
            }
        case .string(let value): hasher.combine(4); hasher.combine(value)
        case .array(let value): hasher.combine(5); hasher.combine(value)
        case .object(let value): hasher.combine(6); hasher.combine(value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A JSON string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A JSON integer.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// A JSON non-integer number.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A JSON boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A JSON array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A JSON object with the members in the order written (a repeated key keeps its last value).
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    /// JSON null.
    public init(nilLiteral: ()) { self = .null }
}
