import Foundation

/// One named parameter of a function, event or error in a JSON ABI.
public struct ABIParameter: Hashable, Sendable {
    /// The parameter name ("" when the ABI leaves it out).
    public var name: String
    /// The resolved type (tuples carry their component types).
    public var type: ABIType
    /// For event inputs: whether the value is in a topic rather than in the data.
    public var indexed: Bool
    /// For tuple types (and arrays of tuples): the named components.
    public var components: [ABIParameter]

    public init(name: String, type: ABIType, indexed: Bool = false, components: [ABIParameter] = []) {
        self.name = name
        self.type = type
        self.indexed = indexed
        self.components = components
    }
}

/// A contract's JSON ABI: its functions, events and custom errors. Constructor, fallback and receive are ignored.
public struct ContractABI: Sendable {
    /// All functions, in file order (overloads appear once each).
    public var functions: [ABIFunction]
    /// All events, in file order.
    public var events: [ABIEvent]
    /// All custom errors, in file order.
    public var errors: [ABICustomError]

    public init(functions: [ABIFunction] = [], events: [ABIEvent] = [], errors: [ABICustomError] = []) {
        self.functions = functions
        self.events = events
        self.errors = errors
    }

    /// Loads a JSON ABI: either the array of entries or an object with an `abi` array (Truffle/Hardhat artifacts).
    public init(json: Data) throws(ABIError) {
        let entries: [JSONABIEntry]
        do {
            if let list = try? JSONDecoder().decode([JSONABIEntry].self, from: json) {
                entries = list
            } else {
                entries = try JSONDecoder().decode(JSONABIArtifact.self, from: json).abi
            }
        } catch {
            throw .invalidJSON("expected a JSON array of ABI entries or an object with an \"abi\" array (\(error))")
        }
        self.init()
        for (index, entry) in entries.enumerated() {
            let kind = entry.type ?? "function"
            let context = "entry \(index) (\(entry.name ?? kind))"
            switch kind {
            case "function":
                guard let name = entry.name, !name.isEmpty else { throw .invalidJSON("\(context): function without a name") }
                functions.append(ABIFunction(
                    name: name,
                    inputs: try Self.parameters(entry.inputs, context: context),
                    outputs: try Self.parameters(entry.outputs, context: context),
                    stateMutability: entry.stateMutability ?? (entry.constant == true ? "view" : "nonpayable")))
            case "event":
                guard let name = entry.name, !name.isEmpty else { throw .invalidJSON("\(context): event without a name") }
                events.append(ABIEvent(
                    name: name, inputs: try Self.parameters(entry.inputs, context: context),
                    anonymous: entry.anonymous ?? false))
            case "error":
                guard let name = entry.name, !name.isEmpty else { throw .invalidJSON("\(context): error without a name") }
                errors.append(ABICustomError(name: name, inputs: try Self.parameters(entry.inputs, context: context)))
            case "constructor", "fallback", "receive":
                continue
            default:
                throw .invalidJSON("\(context): unknown entry type '\(kind)'")
            }
        }
    }

    /// The first function called `name` (use `functions` to see overloads).
    public func function(named name: String) -> ABIFunction? { functions.first { $0.name == name } }
    /// The function with this 4-byte selector.
    public func function(selector: Data) -> ABIFunction? { functions.first { $0.selector == selector } }
    /// The first event called `name`.
    public func event(named name: String) -> ABIEvent? { events.first { $0.name == name } }
    /// The non-anonymous event whose signature hash is `topic0`.
    public func event(topic0: Data) -> ABIEvent? { events.first { !$0.anonymous && $0.topic0 == topic0 } }
    /// The custom error with this 4-byte selector.
    public func error(selector: Data) -> ABICustomError? { errors.first { $0.selector == selector } }

    static func parameters(_ list: [JSONABIParameter]?, context: String) throws(ABIError) -> [ABIParameter] {
        var out: [ABIParameter] = []
        for p in list ?? [] { out.append(try parameter(p, context: context, depth: 0)) }
        return out
    }

    static func parameter(_ p: JSONABIParameter, context: String, depth: Int) throws(ABIError) -> ABIParameter {
        guard depth < ABIType.maxDepth else { throw .nestingTooDeep(limit: ABIType.maxDepth) }
        var components: [ABIParameter] = []
        var canonical = p.type
        if p.type.hasPrefix("tuple") {
            guard let list = p.components, !list.isEmpty else {
                throw .invalidJSON("\(context): parameter '\(p.name ?? "")' of type \(p.type) has no components")
            }
            for c in list { components.append(try parameter(c, context: context, depth: depth + 1)) }
            canonical = "(" + components.map(\.type.canonicalName).joined(separator: ",") + ")" + p.type.dropFirst(5)
        }
        do {
            let type = try ABIType(canonical: canonical)
            return ABIParameter(name: p.name ?? "", type: type, indexed: p.indexed ?? false, components: components)
        } catch {
            throw .invalidJSON("\(context): \(error.description)")
        }
    }
}

/// The JSON shape of one ABI entry.
struct JSONABIEntry: Decodable {
    var type: String?
    var name: String?
    var inputs: [JSONABIParameter]?
    var outputs: [JSONABIParameter]?
    var stateMutability: String?
    var constant: Bool?
    var anonymous: Bool?
}

/// The JSON shape of one ABI parameter.
struct JSONABIParameter: Decodable {
    var name: String?
    var type: String
    var components: [JSONABIParameter]?
    var indexed: Bool?
}

/// A compiler artifact that wraps the ABI array.
struct JSONABIArtifact: Decodable {
    var abi: [JSONABIEntry]
}
