import Foundation

/// A contract event: its canonical signature, topic0, and log decoder.
public struct ABIEvent: Hashable, Sendable {
    /// The event name.
    public let name: String
    /// The fields, with their `indexed` flags, in declaration order.
    public let inputs: [ABIParameter]
    /// Anonymous events have no topic0.
    public let anonymous: Bool
    /// Canonical signature, e.g. `Transfer(address,address,uint256)`.
    public let signature: String
    /// `keccak256(signature)`, the first topic of every (non-anonymous) log of this event.
    public let topic0: Data
    /// Types of the non-indexed fields, decoded from the log data.
    let dataTypes: [ABIType]

    public init(name: String, inputs: [ABIParameter], anonymous: Bool = false) {
        self.name = name
        self.inputs = inputs
        self.anonymous = anonymous
        self.signature = name + ABIType.tuple(inputs.map(\.type)).canonicalTupleList
        self.topic0 = Keccak256.hash(utf8: signature)
        self.dataTypes = inputs.filter { !$0.indexed }.map(\.type)
    }

    /// Decodes a log of this event. Indexed elementary values come from the topics; indexed dynamic values
    /// (strings, bytes, arrays, tuples) are only available as their 32-byte Keccak hash, returned as `.fixedBytes`.
    public func decodeLog(topics: [Data], data: Data) throws(ABIError) -> DecodedLog {
        let indexedCount = inputs.reduce(0) { $0 + ($1.indexed ? 1 : 0) }
        let firstIndexed = anonymous ? 0 : 1
        guard topics.count == indexedCount + firstIndexed else {
            throw .logMismatch("\(signature) has \(indexedCount) indexed fields, so the log needs \(indexedCount + firstIndexed) topics, not \(topics.count)")
        }
        if !anonymous, topics[0] != topic0 {
            throw .logMismatch("topic0 \(topics[0].hexString()) is not \(signature) (\(topic0.hexString()))")
        }
        let dataValues = try ABICodec.decode(dataTypes, from: data)
        var fields: [(name: String, value: ABIValue)] = []
        fields.reserveCapacity(inputs.count)
        var topicIndex = firstIndexed
        var dataIndex = 0
        for input in inputs {
            if input.indexed {
                let topic = topics[topicIndex]
                topicIndex += 1
                guard topic.count == 32 else { throw .logMismatch("topic \(topicIndex - 1) is \(topic.count) bytes, not 32") }
                let value = input.type.isElementary
                    ? try ABICodec.decodeWord(input.type, from: topic)
                    : .fixedBytes(Data(topic))
                fields.append((input.name, value))
            } else {
                fields.append((input.name, dataValues[dataIndex]))
                dataIndex += 1
            }
        }
        return DecodedLog(event: name, fields: fields)
    }
}

/// The decoded fields of one event log, in declaration order.
public struct DecodedLog: Sendable, CustomStringConvertible {
    /// The event name.
    public let event: String
    /// `(name, value)` pairs in declaration order.
    public let fields: [(name: String, value: ABIValue)]

    public init(event: String, fields: [(name: String, value: ABIValue)]) {
        self.event = event
        self.fields = fields
    }

    /// The value of the first field called `name`.
    public subscript(name: String) -> ABIValue? { fields.first { $0.name == name }?.value }

    /// The values in declaration order.
    public var values: [ABIValue] { fields.map(\.value) }

    public var description: String {
        event + "(" + fields.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") + ")"
    }
}
