import Foundation

/// Loosely-typed JSON helpers for tool output (formats the tools own and may change).
enum NativeJSON {
    /// Parses one JSON object from `data`; tolerates surrounding whitespace and, failing that, takes the last
    /// line that parses as an object (some tools print progress before the result).
    static func object(from data: Data) -> [String: Any]? {
        if let object = (try? JSONSerialization.jsonObject(with: data, options: [])) as? [String: Any] {
            return object
        }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n").reversed() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("{") else { continue }
            if let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] {
                return object
            }
        }
        return nil
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    static func int(_ value: Any?) -> Int? {
        switch value {
        case let number as NSNumber: number.intValue
        case let string as String: Int(string)
        default: nil
        }
    }

    /// `[String]` from an array of strings (other elements are rendered as JSON text).
    static func lines(_ value: Any?) -> [String] {
        guard let array = value as? [Any] else {
            if let single = value as? String { return [single] }
            return []
        }
        return array.map { element in
            if let string = element as? String { return string }
            if let data = try? JSONSerialization.data(withJSONObject: element, options: [.fragmentsAllowed]) {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(element)"
        }
    }
}
