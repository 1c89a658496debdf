import Foundation

/// A parsed JSON document that keeps object key order and distinguishes integers from other numbers.
///
/// Used by the schema validator and the deterministic writers; Foundation's `JSONSerialization` loses
/// both distinctions.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.double(a), .double(b)): a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): Double(a) == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)):
            a.count == b.count && a.allSatisfy { key, value in b.first { $0.0 == key }?.1 == value }
        default: false
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number as a Double (integers included), or nil.
    var numberValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// True for numbers with no fractional part (JSON Schema draft 6+ "integer").
    var isInteger: Bool {
        switch self {
        case .int: true
        case .double(let d): d.isFinite && d.rounded(.towardZero) == d
        default: false
        }
    }
}

/// Builds object values with a fixed key order, omitting nil members.
struct JSONObjectBuilder {
    private(set) var members: [(String, JSONValue)] = []

    mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { members.append((key, value)) }
    }
    mutating func add(_ key: String, _ value: String?) { add(key, value.map(JSONValue.string)) }
    mutating func add(_ key: String, _ value: Int?) { add(key, value.map(JSONValue.int)) }
    mutating func add(_ key: String, _ value: [String]?) {
        add(key, value.map { JSONValue.array($0.map(JSONValue.string)) })
    }

    var value: JSONValue { .object(members) }
}
