import Yams

/// Typed, key-naming access to one YAML mapping (tags such as `!!str`/`!!int` are accepted like plain scalars).
struct YAMLSection {
    let path: String
    let node: Yams.Node?

    init(path: String, node: Yams.Node?) {
        self.path = path
        self.node = node
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func child(_ name: String) -> Yams.Node? {
        guard let node, let value = Self.lookup(name, in: node, depth: 0) else { return nil }
        if case .scalar(let s) = value, s.string.isEmpty || s.string == "~" || s.string == "null" { return nil }
        return value
    }

    /// Looks `name` up in a mapping: its own keys first, then the mappings merged in with YAML merge keys
    /// (`<<: *base` or `<<: [*a, *b]`, earlier sources winning), as YAML 1.1 defines them.
    static func lookup(_ name: String, in node: Yams.Node, depth: Int) -> Yams.Node? {
        guard depth < 32, let mapping = node.mapping else { return nil }
        var merges: [Yams.Node] = []
        for (k, v) in mapping {
            if k.string == name { return v }
            if k.string == "<<" { merges.append(v) }
        }
        for merge in merges {
            let sources: [Yams.Node] = merge.sequence.map { Array($0) } ?? [merge]
            for source in sources {
                if let found = lookup(name, in: source, depth: depth + 1) { return found }
            }
        }
        return nil
    }

    func has(_ name: String) -> Bool { child(name) != nil }

    func section(_ name: String) throws(ConfigurationError) -> YAMLSection {
        let value = child(name)
        if let value, value.mapping == nil {
            throw ConfigurationError(key: key(name), "expected a mapping")
        }
        return YAMLSection(path: key(name), node: value)
    }

    func string(_ name: String, default fallback: String? = nil) throws(ConfigurationError) -> String {
        guard let value = child(name) else {
            if let fallback { return fallback }
            throw ConfigurationError(key: key(name), "missing; expected a string")
        }
        guard case .scalar(let scalar) = value else {
            throw ConfigurationError(key: key(name), "expected a string, found a \(kind(value))")
        }
        return scalar.string
    }

    func int(_ name: String, default fallback: Int? = nil) throws(ConfigurationError) -> Int {
        guard let value = child(name) else {
            if let fallback { return fallback }
            throw ConfigurationError(key: key(name), "missing; expected an integer")
        }
        guard case .scalar(let scalar) = value,
              let parsed = Int(scalar.string.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: ""))
        else {
            throw ConfigurationError(key: key(name), "expected an integer, found '\(describe(value))'")
        }
        return parsed
    }

    func double(_ name: String, default fallback: Double? = nil) throws(ConfigurationError) -> Double {
        guard let value = child(name) else {
            if let fallback { return fallback }
            throw ConfigurationError(key: key(name), "missing; expected a number")
        }
        guard case .scalar(let scalar) = value, let parsed = Double(scalar.string), parsed.isFinite else {
            throw ConfigurationError(key: key(name), "expected a number, found '\(describe(value))'")
        }
        return parsed
    }

    func bool(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let value = child(name) else { return fallback }
        guard case .scalar(let scalar) = value else {
            throw ConfigurationError(key: key(name), "expected true or false")
        }
        switch scalar.string.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw ConfigurationError(key: key(name), "expected true or false, found '\(scalar.string)'")
        }
    }

    func stringMap(_ name: String) throws(ConfigurationError) -> [String: String] {
        guard let value = child(name) else { return [:] }
        guard let mapping = value.mapping else { throw ConfigurationError(key: key(name), "expected a mapping") }
        var result: [String: String] = [:]
        for (k, v) in mapping {
            guard let keyString = k.string, case .scalar(let scalar) = v else {
                throw ConfigurationError(key: key(name), "expected a mapping of strings")
            }
            result[keyString] = scalar.string
        }
        return result
    }

    func stringList(_ name: String, default fallback: [String]) throws(ConfigurationError) -> [String] {
        guard let value = child(name) else { return fallback }
        guard let sequence = value.sequence else { throw ConfigurationError(key: key(name), "expected a list of strings") }
        var result: [String] = []
        for item in sequence {
            guard let s = item.string else { throw ConfigurationError(key: key(name), "expected a list of strings") }
            result.append(s)
        }
        return result
    }

    private func kind(_ node: Yams.Node) -> String {
        switch node {
        case .scalar: "scalar"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    private func describe(_ node: Yams.Node) -> String {
        if case .scalar(let s) = node { return String(s.string.prefix(40)) }
        return kind(node)
    }
}

import Foundation
