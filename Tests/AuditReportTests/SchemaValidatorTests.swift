import Foundation
import Testing

@testable import AuditReport

@Suite("Report schema validator")
struct SchemaValidatorTests {
    static let hash = Fixtures.daoBugHash

    static func analyzer(_ body: String, status: String = "\"success\"", name: String = "\"m\"") -> String {
        #"{"status": \#(status), "analyzer": {"name": \#(name)}\#(body)}"#
    }

    static func vulnerability(_ instance: String, type: String = "\"reentrancy\"") -> String {
        analyzer(#", "potential_vulnerabilities": [{"type": \#(type), "file": "A.sol", "instances": [\#(instance)]}]"#)
    }

    static func top(_ members: String) -> String { #"{"status": "success"\#(members)}"# }

    /// (document, valid?) pairs covering every keyword of the schema.
    static let cases: [(String, Bool)] = [
        (top(""), true),
        ("{}", false),
        (#"{"status": "timeout"}"#, false),
        (top(#", "extra": 1"#), false),
        (top(#", "audit_state": 6"#), true),
        (top(#", "audit_state": 7"#), false),
        (top(#", "audit_state": -1"#), false),
        (top(#", "audit_state": 4.0"#), true),
        (top(#", "audit_state": 4.5"#), false),
        (top(#", "audit_state": "4""#), false),
        (top(#", "audit_state": true"#), false),
        (top(#", "timestamp": 1.5"#), false),
        (top(#", "request_id": null"#), false),
        (top(#", "contract_hash": "\#(hash)""#), true),
        (top(#", "contract_hash": "\#(hash.uppercased())""#), true),
        (top(#", "contract_hash": "0x\#(hash.dropFirst(2))""#), false),
        (top(#", "contract_hash": "\#(hash)0""#), false),
        (top(#", "requestor": "7E5F4552091A69125d5DfCb7b8C2659029395Bdf""#), true),
        (top(#", "requestor": "0x7E5F4552091A69125d5DfCb7b8C2659029395Bd""#), false),
        (top(#", "auditor": "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdfa""#), false),
        (top(#", "compilation_errors": ["a", 1]"#), false),
        (top(#", "compilation_warnings": []"#), true),
        (top(#", "analyzers_reports": {}"#), false),
        (top(#", "analyzers_reports": [\#(analyzer(""))]"#), true),
        (top(#", "analyzers_reports": [{"status": "success"}]"#), false),
        (top(#", "analyzers_reports": [\#(analyzer("", status: "\"weird\""))]"#), false),
        (top(#", "analyzers_reports": [\#(analyzer("", status: "\"timeout\""))]"#), true),
        (top(#", "analyzers_reports": [\#(analyzer("", name: "\"\(String(repeating: "n", count: 50))\""))]"#), true),
        (top(#", "analyzers_reports": [\#(analyzer("", name: "\"\(String(repeating: "n", count: 51))\""))]"#), false),
        (top(#", "analyzers_reports": [\#(analyzer("", name: "\"\(String(repeating: "é", count: 50))\""))]"#), true),
        (top(#", "analyzers_reports": [\#(analyzer(#", "start_time": 0"#))]"#), false),
        (top(#", "analyzers_reports": [\#(analyzer(#", "end_time": 1"#))]"#), true),
        (top(#", "analyzers_reports": [\#(analyzer(#", "errors": 5, "trace": {}, "warnings": [1]"#))]"#), true),
        (top(#", "analyzers_reports": [\#(analyzer(#", "extra": true"#))]"#), true),
        (top(#", "analyzers_reports": [\#(analyzer(#", "coverages": [{"percentage": 100}]"#))]"#), true),
        (top(#", "analyzers_reports": [\#(analyzer(#", "coverages": [{"percentage": 100.5}]"#))]"#), false),
        (top(#", "analyzers_reports": [\#(analyzer(#", "coverages": [{"file": "\#(String(repeating: "f", count: 1001))"}]"#))]"#), false),
        (top(#", "analyzers_reports": [{"status": "success", "analyzer": {"name": "m", "version": "\#(String(repeating: "v", count: 65))"}}]"#), false),
        (top(#", "analyzers_reports": [{"status": "success", "analyzer": {"name": "m", "vulnerabilities_checked": {"x": {}}}}]"#), false),
        (top(#", "analyzers_reports": [{"status": "success", "analyzer": {"name": "m", "vulnerabilities_checked": {"x": {"type": 1}}}}]"#), false),
        (top(#", "analyzers_reports": [{"status": "success", "analyzer": {"name": "m", "vulnerabilities_checked": {"x": {"type": "other"}}}}]"#), true),
        (top(#", "analyzers_reports": [{"status": "success", "analyzer": {"name": "m", "vulnerabilities_checked": ["x"]}}]"#), false),
        (top(#", "analyzers_reports": [\#(vulnerability(#"{"ref_id": 0, "start_line": 0}"#))]"#), true),
        (top(#", "analyzers_reports": [\#(vulnerability(#"{"ref_id": 0, "start_line": null}"#))]"#), false),
        (top(#", "analyzers_reports": [\#(vulnerability(#"{"ref_id": 0, "start_line": -1}"#))]"#), false),
        (top(#", "analyzers_reports": [\#(vulnerability(#"{"start_line": 3}"#))]"#), false),
        (top(#", "analyzers_reports": [\#(vulnerability(#"{"ref_id": 0, "start_line": 3, "end_line": -2}"#))]"#), false),
        (top(#", "analyzers_reports": [\#(vulnerability(#"{"ref_id": 0, "start_line": 3, "swc": "SWC-107", "category": null}"#))]"#), true),
        (top(#", "analyzers_reports": [\#(vulnerability(#"{"ref_id": 0, "start_line": 3}"#, type: "\"\(String(repeating: "t", count: 1001))\""))]"#), false),
        (top(#", "analyzers_reports": [\#(vulnerability(#"{"ref_id": 0, "start_line": 3}"#, type: "7"))]"#), false),
        (top(#", "analyzers_reports": [\#(analyzer(#", "potential_vulnerabilities": [{"type": "x", "file": "A.sol"}]"#))]"#), false),
        (top(#", "analyzers_reports": [\#(analyzer(#", "potential_vulnerabilities": [5]"#))]"#), true),
    ]

    @Test func samplesValidateExceptBadProperty() throws {
        let validator = ReportSchemaValidator()
        for name in Fixtures.reportNames {
            let errors = validator.validate(try Fixtures.reportData(name))
            if name == "DAOBugWithBadProperty" {
                #expect(errors == [#"$: additional property "bug_this_should_be_analyzers_reports" is not allowed"#])
            } else {
                #expect(errors == [], "\(name)")
            }
        }
    }

    @Test func keywordCases() {
        let validator = ReportSchemaValidator()
        for (document, valid) in Self.cases {
            let errors = validator.validate(Data(document.utf8))
            #expect(errors.isEmpty == valid, "\(document.prefix(200)) → \(errors)")
        }
    }

    @Test func errorsNameThePath() {
        let errors = ReportSchemaValidator().validate(
            Data(Self.top(#", "analyzers_reports": [\#(Self.vulnerability(#"{"ref_id": 0, "start_line": -1}"#))]"#).utf8))
        #expect(errors == ["$.analyzers_reports[0].potential_vulnerabilities[0].instances[0].start_line: -1 is less than 0"])
    }

    @Test func genericKeywordsBeyondTheBundledSchema() throws {
        let schema = ##"{"definitions": {"n": {"type": ["integer", "null"], "maximum": 3}}, "type": "object", "properties": {"a": {"$ref": "#/definitions/n"}, "b": {"type": "array", "items": {"type": "string", "minLength": 2}, "maxItems": 2}}, "additionalProperties": {"type": "boolean"}}"##
        let validator = try ReportSchemaValidator(schema: Data(schema.utf8))
        #expect(validator.validate(Data(#"{"a": null, "b": ["xy"], "c": true}"#.utf8)) == [])
        #expect(validator.validate(Data(#"{"a": 4}"#.utf8)).count == 1)
        #expect(validator.validate(Data(#"{"a": "x"}"#.utf8)).count == 1)
        #expect(validator.validate(Data(#"{"b": ["x", "yy", "zz"]}"#.utf8)).count == 2)
        #expect(validator.validate(Data(#"{"c": 1}"#.utf8)).count == 1)
        #expect(validator.validate(Data("not json".utf8)).first?.hasPrefix("$: invalid JSON") == true)
    }

    @Test func agreesWithPythonJSONSchema() async throws {
        guard await Python.has("jsonschema") else {
            print("skipping agreesWithPythonJSONSchema: python3 with jsonschema is not available")
            return
        }
        // One JSON array of documents; python prints one 0/1 per document.
        var documents = try Fixtures.reportNames.map { String(decoding: try Fixtures.reportData($0), as: UTF8.self) }
        documents += Self.cases.map(\.0)
        let bundle = "[" + documents.joined(separator: ",") + "]"
        let docsFile = try Python.writeTemp(Data(bundle.utf8))
        let schemaPath = try #require(ReportSchemaValidator.bundledSchemaURL).path
        defer { try? FileManager.default.removeItem(at: docsFile) }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            cls = jsonschema.validators.validator_for(schema)
            v = cls(schema)
            print(''.join('1' if v.is_valid(d) else '0' for d in json.load(open(sys.argv[2]))))
            """
        let result = try await Python.run(script, arguments: [schemaPath, docsFile.path])
        try #require(result.status == 0, "\(result.stderr)")
        let validator = ReportSchemaValidator()
        let ours = documents.map { validator.validate(Data($0.utf8)).isEmpty ? "1" : "0" }.joined()
        #expect(ours == result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        print("python jsonschema agrees on \(documents.count) documents")
        #expect(ours.filter { $0 == "1" }.count > 10 && ours.filter { $0 == "0" }.count > 10)
    }
}
