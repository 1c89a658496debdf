/// The members of a JSON object: keys in document (or insertion) order, unique, with keyed lookup.
///
/// Order matters to the deterministic writers (reports, SARIF) and the schema validator's messages; keyed lookup
/// matters to RPC decoding. Small objects (RPC logs, receipts: ≤ ~15 members) are searched linearly: hashing the
/// keys of every object of more than 8 members made parsing `eth_getLogs` and receipt answers 25–35 % slower in
/// `qsp-bench json`. Objects with more than ``indexThreshold`` members also keep a hash index, so lookups and the
/// parser's duplicate-key check stay linear in the object's size on large or hostile input. Setting an existing
/// key replaces its value in place (so a parsed duplicate key keeps the first position and the last value, like
/// Python's `json`).
///
/// Equality and hashing ignore member order, as JSON objects are unordered (RFC 8259 §4).
public struct JSONObject: Sendable {
    @usableFromInline
    struct Member: Sendable {
        @usableFromInline var key: String
        @usableFromInline var value: JSONValue

        @inlinable init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Objects with more members than this also keep a key → position index.
    public static let indexThreshold = 24

    @usableFromInline var members: [Member]
    @usableFromInline var index: [String: Int]?

    /// An empty object.
    @inlinable public init() {
        members = []
        index = nil
    }

    /// An object from `(key, value)` pairs in order; a repeated key keeps its first position and its last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    /// An object with room for `capacity` members.
    @inlinable public init(minimumCapacity capacity: Int) {
        self.init()
        members.reserveCapacity(capacity)
    }

    /// The position of `key`, or nil.
    @inlinable public func position(of key: String) -> Int? {
        if let index { return index[key] }
        for position in members.indices where members[position].key == key { return position }
        return nil
    }

    /// The value of `key`, or nil when absent. Setting nil removes the member; setting an existing key replaces its
    /// value and keeps its position; setting a new key appends it.
    @inlinable public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return members[position].value
        }
        set {
            if let newValue {
                if let position = position(of: key) {
                    members[position].value = newValue
                } else {
                    append(uniqueKey: key, newValue)
                }
            } else if let position = position(of: key) {
                members.remove(at: position)
                rebuildIndex()
            }
        }
    }

    /// Appends a member whose key the caller knows is not present yet (cheaper than the subscript setter).
    @inlinable public mutating func append(uniqueKey key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
        if index != nil {
            index?[key] = members.count - 1
        } else if members.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    @usableFromInline mutating func rebuildIndex() {
        guard members.count > Self.indexThreshold else { return index = nil }
        var built: [String: Int] = [:]
        built.reserveCapacity(members.count)
        for (position, member) in members.enumerated() { built[member.key] = position }
        index = built
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The values in key order.
    public var values: [JSONValue] { members.map(\.value) }
}

extension JSONObject: RandomAccessCollection {
    /// A member as a labelled pair, so `for (key, value) in object` works.
    public typealias Element = (key: String, value: JSONValue)

    /// 0.
    @inlinable public var startIndex: Int { 0 }
    /// The number of members.
    @inlinable public var endIndex: Int { members.count }
    /// The member at `position`, in order.
    @inlinable public subscript(position: Int) -> Element {
        let member = members[position]
        return (member.key, member.value)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with the literal's members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: Hashable {
    /// Same members with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.members.allSatisfy { member in rhs[member.key] == member.value }
    }

    /// Order-independent: combines the members' hashes commutatively.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject {
    /// Sets `key` to `value` unless `value` is nil (for writers that omit absent optionals).
    @inlinable public mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }
}

extension JSONObject: ExpressibleByArrayLiteral {
    /// An object from `(key, value)` pairs in order: `.object([("name", "x"), ("version", "1")])`.
    public init(arrayLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
