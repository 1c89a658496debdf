import Foundation

/// Validates report JSON against `report.schema.json` (bundled) or another schema of the same kind.
///
/// A generic interpreter for the JSON Schema keywords the report schema uses: `type` (a name or a list),
/// `required`, `properties`, `patternProperties`, `additionalProperties` (boolean or schema), `enum`,
/// `pattern` (searched, not anchored, like Python's jsonschema), `minLength`/`maxLength` (Unicode code
/// points), `minimum`/`maximum`, `minItems`/`maxItems`, `items` (a schema) and `$ref` to `#/…` JSON
/// pointers such as `#/definitions/x`. Unknown keywords are ignored as JSON Schema requires, which
/// reproduces the schema's quirk that `"array": {…}` constrains nothing (§6.2). Integers are numbers
/// without a fractional part (draft 6+); booleans are not numbers.
public struct ReportSchemaValidator: Sendable {
    private let schema: JSONValue?
    private let loadError: String?
    private let regexes: [String: NSRegularExpression]

    /// Location of the bundled `report.schema.json`.
    static var bundledSchemaURL: URL? {
        Bundle.module.url(forResource: "report.schema", withExtension: "json", subdirectory: "Resources")
    }

    /// The bundled schema, read and compiled once per process (immutable afterwards).
    private static let bundled: Result<ReportSchemaValidator, CodecError> = {
        guard let url = bundledSchemaURL, let data = try? Data(contentsOf: url) else {
            return .failure(CodecError(.fileUnreadable, "report.schema.json is missing from the AuditReport bundle"))
        }
        return Result { () throws(CodecError) in try ReportSchemaValidator(schema: data) }
    }()

    /// Loads the bundled `report.schema.json` (cached after the first use).
    public init() {
        switch Self.bundled {
        case .success(let validator):
            self = validator
        case .failure(let error):
            schema = nil
            regexes = [:]
            loadError = "the bundled report schema cannot be loaded (\(error.message)); reinstall the node"
        }
    }

    /// Uses the given schema document; its patterns are compiled once here.
    public init(schema data: Data) throws(CodecError) {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(data)
        } catch {
            throw CodecError(.invalidReportJSON, "schema is not valid JSON: \(error)")
        }
        schema = parsed
        loadError = nil
        var compiled: [String: NSRegularExpression] = [:]
        for pattern in Self.patterns(in: parsed) {
            compiled[pattern] = try? NSRegularExpression(pattern: pattern)
        }
        regexes = compiled
    }

    /// Every `pattern` value and `patternProperties` key in a schema.
    private static func patterns(in schema: JSONValue) -> [String] {
        switch schema {
        case .array(let elements):
            return elements.flatMap(patterns(in:))
        case .object(let members):
            var found: [String] = []
            for (key, value) in members {
                if key == "pattern", let p = value.stringValue { found.append(p) }
                if key == "patternProperties", case .object(let list) = value { found += list.keys }
                found += patterns(in: value)
            }
            return found
        default:
            return []
        }
    }

    /// Validates a JSON document; returns one message per violation ("$.path: problem"), empty when valid.
    public func validate(_ json: Data) -> [String] {
        do {
            return validate(value: try JSONParser.parse(json))
        } catch {
            return ["$: \(error)"]
        }
    }

    /// Validates a report as ``ReportJSON`` would serialize it.
    public func validate(_ report: Report) -> [String] {
        validate(value: ReportJSON.value(of: report))
    }

    func validate(value: JSONValue) -> [String] {
        guard let schema else { return [loadError ?? "no schema"] }
        var run = SchemaRun(root: schema, regexes: regexes)
        run.check(value, against: schema, at: "$", depth: 0)
        return run.errors
    }
}

/// One validation pass: collects errors and caches compiled patterns.
private struct SchemaRun {
    let root: JSONValue
    var errors: [String] = []
    var regexes: [String: NSRegularExpression] = [:]
    static let maxDepth = 64
    static let maxErrors = 100

    init(root: JSONValue, regexes: [String: NSRegularExpression]) {
        self.root = root
        self.regexes = regexes
    }

    mutating func fail(_ path: String, _ message: String) {
        if errors.count < Self.maxErrors { errors.append("\(path): \(message)") }
    }

    mutating func check(_ value: JSONValue, against schema: JSONValue, at path: String, depth: Int) {
        guard depth < Self.maxDepth else { return fail(path, "schema nesting too deep (recursive $ref?)") }
        if case .bool(let allowed) = schema {
            if !allowed { fail(path, "no value is allowed here") }
            return
        }
        if let ref = schema["$ref"]?.stringValue {
            guard let target = resolve(ref) else { return fail(path, "unresolvable $ref \(ref)") }
            check(value, against: target, at: path, depth: depth + 1)
        }
        checkType(value, schema, path)
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            fail(path, "\(describe(value)) is not one of \(options.map(describe).joined(separator: ", "))")
        }
        switch value {
        case .string(let s): checkString(s, schema, path)
        case .integer, .double: checkNumber(value, schema, path)
        case .array(let elements): checkArray(elements, schema, path, depth)
        case .object(let members): checkObject(members, schema, path, depth)
        default: break
        }
    }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        var node = root
        for token in ref.dropFirst().split(separator: "/") {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if case .array(let a) = node, let i = Int(key), a.indices.contains(i) {
                node = a[i]
            } else if let next = node[key] {
                node = next
            } else {
                return nil
            }
        }
        return node
    }

    private mutating func checkType(_ value: JSONValue, _ schema: JSONValue, _ path: String) {
        let names: [String]
        switch schema["type"] {
        case .string(let name): names = [name]
        case .array(let list): names = list.compactMap(\.stringValue)
        default: return
        }
        let matches = names.contains { name in
            switch (name, value) {
            case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
            case ("number", .integer), ("number", .double): true
            case ("integer", _): value.isInteger
            default: false
            }
        }
        if !matches { fail(path, "\(describe(value)) is not of type \(names.joined(separator: " or "))") }
    }

    private mutating func checkString(_ s: String, _ schema: JSONValue, _ path: String) {
        let length = s.unicodeScalars.count
        if let max = schema["maxLength"]?.numberValue, Double(length) > max {
            fail(path, "string of length \(length) is longer than \(Int(max))")
        }
        if let min = schema["minLength"]?.numberValue, Double(length) < min {
            fail(path, "string of length \(length) is shorter than \(Int(min))")
        }
        if let pattern = schema["pattern"]?.stringValue {
            switch matches(s, pattern) {
            case .some(true): break
            case .some(false): fail(path, "\(describe(.string(s))) does not match \(pattern)")
            case .none: fail(path, "schema pattern \(pattern) is not a valid regular expression")
            }
        }
    }

    private mutating func matches(_ s: String, _ pattern: String) -> Bool? {
        if regexes[pattern] == nil {
            regexes[pattern] = try? NSRegularExpression(pattern: pattern)
        }
        guard let regex = regexes[pattern] else { return nil }
        return regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    private mutating func checkNumber(_ value: JSONValue, _ schema: JSONValue, _ path: String) {
        guard let n = value.numberValue else { return }
        if let min = schema["minimum"]?.numberValue, n < min { fail(path, "\(describe(value)) is less than \(describe(schema["minimum"] ?? .null))") }
        if let max = schema["maximum"]?.numberValue, n > max { fail(path, "\(describe(value)) is greater than \(describe(schema["maximum"] ?? .null))") }
    }

    private mutating func checkArray(_ elements: [JSONValue], _ schema: JSONValue, _ path: String, _ depth: Int) {
        if let min = schema["minItems"]?.numberValue, Double(elements.count) < min { fail(path, "array has fewer than \(Int(min)) items") }
        if let max = schema["maxItems"]?.numberValue, Double(elements.count) > max { fail(path, "array has more than \(Int(max)) items") }
        if let items = schema["items"], items.isSchema {
            for (i, element) in elements.enumerated() {
                check(element, against: items, at: "\(path)[\(i)]", depth: depth + 1)
            }
        }
    }

    private mutating func checkObject(_ members: JSONObject, _ schema: JSONValue, _ path: String, _ depth: Int) {
        for case .string(let key) in schema["required"]?.arrayValue ?? [] where members[key] == nil {
            fail(path, "required property \"\(key)\" is missing")
        }
        let properties = schema["properties"]
        var patternProperties: JSONObject = [:]
        if case .object(let list) = schema["patternProperties"] { patternProperties = list }
        for (key, member) in members {
            let memberPath = "\(path).\(key)"
            var matched = false
            if let sub = properties?[key] {
                matched = true
                check(member, against: sub, at: memberPath, depth: depth + 1)
            }
            for (pattern, sub) in patternProperties where matches(key, pattern) == true {
                matched = true
                check(member, against: sub, at: memberPath, depth: depth + 1)
            }
            if !matched, let additional = schema["additionalProperties"] {
                if case .bool(false) = additional {
                    fail(path, "additional property \"\(key)\" is not allowed")
                } else if additional.isSchema {
                    check(member, against: additional, at: memberPath, depth: depth + 1)
                }
            }
        }
    }

    private func describe(_ value: JSONValue) -> String {
        let text = String(decoding: JSONWriter.write(value, pretty: false), as: UTF8.self)
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}

extension JSONValue {
    /// True for values that can act as a schema (objects and booleans).
    fileprivate var isSchema: Bool {
        switch self {
        case .object, .bool: true
        default: false
        }
    }
}
