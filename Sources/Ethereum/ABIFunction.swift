import Foundation

/// A contract function: its canonical signature, 4-byte selector, and call/return codecs.
public struct ABIFunction: Hashable, Sendable {
    /// The function name.
    public let name: String
    /// The parameters.
    public let inputs: [ABIParameter]
    /// The return values.
    public let outputs: [ABIParameter]
    /// `pure`, `view`, `nonpayable` or `payable`.
    public let stateMutability: String
    /// Canonical signature, e.g. `transfer(address,uint256)`.
    public let signature: String
    /// The first 4 bytes of `keccak256(signature)`.
    public let selector: Data

    /// Creates a function from named parameters.
    public init(name: String, inputs: [ABIParameter], outputs: [ABIParameter] = [], stateMutability: String = "nonpayable") {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.stateMutability = stateMutability
        self.signature = name + ABIType.tuple(inputs.map(\.type)).canonicalTupleList
        self.selector = Data(Keccak256.hash(utf8: signature).prefix(4))
    }

    /// Creates a function from unnamed types, e.g. `ABIFunction(name: "balanceOf", inputs: [.address], outputs: [.uint(256)])`.
    public init(name: String, inputs: [ABIType], outputs: [ABIType] = [], stateMutability: String = "nonpayable") {
        self.init(
            name: name,
            inputs: inputs.map { ABIParameter(name: "", type: $0) },
            outputs: outputs.map { ABIParameter(name: "", type: $0) },
            stateMutability: stateMutability)
    }

    /// Whether calling the function cannot change state (`view` or `pure`).
    public var isReadOnly: Bool { stateMutability == "view" || stateMutability == "pure" }

    /// Calldata: selector followed by the encoded arguments.
    public func encodeCall(_ args: [ABIValue]) throws(ABIError) -> Data {
        var out = selector
        out.append(try ABICodec.encode(args, as: inputs.map(\.type)))
        return out
    }

    /// Decodes calldata produced by `encodeCall` (checks the selector).
    public func decodeCall(_ calldata: Data) throws(ABIError) -> [ABIValue] {
        guard calldata.count >= 4, Data(calldata.prefix(4)) == selector else {
            throw .logMismatch("calldata does not start with the selector \(selector.hexString()) of \(signature)")
        }
        return try ABICodec.decode(inputs.map(\.type), from: Data(calldata.dropFirst(4)))
    }

    /// Decodes the return data of a call.
    public func decodeOutput(_ data: Data) throws(ABIError) -> [ABIValue] {
        try ABICodec.decode(outputs.map(\.type), from: data)
    }
}

/// A custom error declared in the ABI (`error Name(types)`), matched by its 4-byte selector in revert data.
public struct ABICustomError: Hashable, Sendable {
    /// The error name.
    public let name: String
    /// The parameters.
    public let inputs: [ABIParameter]
    /// Canonical signature, e.g. `InsufficientBalance(uint256,uint256)`.
    public let signature: String
    /// The first 4 bytes of `keccak256(signature)`.
    public let selector: Data

    public init(name: String, inputs: [ABIParameter]) {
        self.name = name
        self.inputs = inputs
        self.signature = name + ABIType.tuple(inputs.map(\.type)).canonicalTupleList
        self.selector = Data(Keccak256.hash(utf8: signature).prefix(4))
    }

    /// Decodes the arguments of revert data that starts with this error's selector.
    public func decode(_ revertData: Data) throws(ABIError) -> [ABIValue] {
        guard revertData.count >= 4, Data(revertData.prefix(4)) == selector else {
            throw .logMismatch("revert data does not start with the selector \(selector.hexString()) of \(signature)")
        }
        return try ABICodec.decode(inputs.map(\.type), from: Data(revertData.dropFirst(4)))
    }
}

extension ABIType {
    /// `(T1,T2)` for a tuple, `()` for an empty one: the parameter list of a signature.
    var canonicalTupleList: String {
        if case .tuple(let members) = self {
            return "(" + members.map(\.canonicalName).joined(separator: ",") + ")"
        }
        return "(" + canonicalName + ")"
    }
}
