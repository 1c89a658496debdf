import Ethereum
import Foundation

/// A JSON object read with errors that name the field path (e.g. `crypto.kdfparams.salt`).
struct KeystoreJSONObject {
    let path: String
    let values: [String: Any]

    init(path: String, values: [String: Any]) {
        self.path = path
        self.values = values
    }

    /// Parses the top-level object.
    init(json: Data) throws(KeystoreError) {
        guard let object = try? JSONSerialization.jsonObject(with: json), let values = object as? [String: Any] else {
            throw KeystoreError(.notJSON)
        }
        self.init(path: "", values: values)
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value for `key`, matching the key case-insensitively when there is no exact match (geth writes "Crypto").
    func value(_ key: String) -> Any? {
        if let exact = values[key] { return exact }
        return values.first { $0.key.lowercased() == key.lowercased() }?.value
    }

    func object(_ key: String) throws(KeystoreError) -> KeystoreJSONObject {
        guard let raw = value(key) else { throw .malformed(name(key), "missing") }
        guard let object = raw as? [String: Any] else { throw .malformed(name(key), "expected an object") }
        return KeystoreJSONObject(path: name(key), values: object)
    }

    func string(_ key: String) throws(KeystoreError) -> String {
        guard let raw = value(key) else { throw .malformed(name(key), "missing") }
        guard let string = raw as? String else { throw .malformed(name(key), "expected a string") }
        return string
    }

    /// A non-negative integer (JSON number without fraction).
    func integer(_ key: String) throws(KeystoreError) -> Int {
        guard let raw = value(key) else { throw .malformed(name(key), "missing") }
        guard let number = raw as? NSNumber else {
            throw .malformed(name(key), "expected an integer")
        }
        let double = number.doubleValue
        guard double >= 0, double <= Double(1 << 53), double.rounded() == double else {
            throw .malformed(name(key), "expected a non-negative integer")
        }
        return Int(double)
    }

    /// Hex bytes (with or without 0x) whose length is in `lengths`.
    func hexBytes(_ key: String, lengths: ClosedRange<Int>) throws(KeystoreError) -> Data {
        let string = try self.string(key)
        guard let bytes = try? Data(hexString: string) else { throw .malformed(name(key), "expected hex") }
        guard lengths.contains(bytes.count) else {
            let expected = lengths.count == 1 ? "\(lengths.lowerBound)" : "\(lengths.lowerBound)-\(lengths.upperBound)"
            throw .malformed(name(key), "expected \(expected) bytes, found \(bytes.count)")
        }
        return bytes
    }
}
