import Foundation

/// Deterministic JSON serialization of ``Report`` (the bytes that are uploaded and hashed, §6.3).
///
/// Choice: a **fixed field order**, not sorted keys, so the output reads like the reference's reports:
/// - report: timestamp, contract_uri, contract_hash, requestor, auditor, request_id, version, audit_state,
///   status, analyzers_reports, compilation_warnings, compilation_errors (the §6.1 table order);
/// - analyzer report: status, analyzer {name, version, vulnerabilities_checked, command}, start_time,
///   end_time, potential_vulnerabilities, errors, warnings, trace, coverages;
/// - vulnerability: type, file, description, contract, severity, confidence, rule_id, title, instances;
/// - instance: ref_id, start_line, end_line, category, swc; coverage: percentage, file, contract.
/// `vulnerabilities_checked` (an unordered map) is written with keys sorted by Unicode code point.
/// Key names come from the models' `CodingKeys` (one source of truth with `Codable`); the order is fixed here.
/// Absent optionals are omitted, except a null `start_line`, which is written as `null` as analyzers
/// produced it. The pretty form is byte-compatible with Python's `json.dumps(…, indent=2)` (2-space
/// indent, `": "`, ASCII escapes); the compact form has no whitespace. Same report → same bytes.
public enum ReportJSON {
    /// Serializes `report`. Never fails today; `throws` is kept so the format can gain checks.
    public static func encode(_ report: Report, pretty: Bool = true) throws -> Data {
        JSONWriter.write(value(of: report), pretty: pretty)
    }

    /// Parses a §6.1 report. Unknown keys are ignored here (use ``ReportSchemaValidator`` to reject them).
    public static func decode(_ data: Data) throws(CodecError) -> Report {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(data)  // precise syntax errors with a byte offset
        } catch {
            throw CodecError(.invalidReportJSON, "report is not valid JSON: \(error)")
        }
        do {
            return try JSONDecoder().decode(Report.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw CodecError(.invalidReportJSON, "report is missing \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw CodecError(.invalidReportJSON, "report field \(path(context.codingPath)) has the wrong type: \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            // Foundation reports a number that does not fit its field (4.5 or 1e30 where an integer belongs) as "The
            // given data was not valid JSON", with no path. The document is valid JSON (parsed above): name the field.
            let problem = ReportSchemaValidator().validate(value: parsed).first
                ?? "a number does not fit the field it is in (a fraction or an out-of-range value where an integer belongs)"
            throw CodecError(.invalidReportJSON, "report has a value of the wrong type: \(problem)")
        } catch let DecodingError.dataCorrupted(context) {
            throw CodecError(.invalidReportJSON, "report field \(path(context.codingPath)) is invalid: \(context.debugDescription)")
        } catch {
            throw CodecError(.invalidReportJSON, "report cannot be read: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return text.isEmpty ? "(top level)" : String(text.drop { $0 == "." })
    }

    static func value(of report: Report) -> JSONValue {
        typealias Key = Report.CodingKeys
        var o = JSONObject()
        o.add(Key.timestamp, report.timestamp)
        o.add(Key.contractURI, report.contractURI)
        o.add(Key.contractHash, report.contractHash)
        o.add(Key.requestor, report.requestor)
        o.add(Key.auditor, report.auditor)
        o.add(Key.requestID, report.requestID)
        o.add(Key.version, report.version)
        o.add(Key.auditState, report.auditState)
        o.add(Key.status, report.status)
        o.add(Key.analyzersReports, report.analyzersReports.map { .array($0.map(value(of:))) })
        o.add(Key.compilationWarnings, report.compilationWarnings)
        o.add(Key.compilationErrors, report.compilationErrors)
        return .object(o)
    }

    static func value(of report: AnalyzerReport) -> JSONValue {
        typealias Key = AnalyzerReport.CodingKeys
        typealias AnalyzerKey = AnalyzerDescription.CodingKeys
        var o = JSONObject()
        o.add(Key.status, report.status)
        var a = JSONObject()
        a.add(AnalyzerKey.name, report.analyzer.name)
        a.add(AnalyzerKey.version, report.analyzer.version)
        a.add(
            AnalyzerKey.vulnerabilitiesChecked,
            report.analyzer.vulnerabilitiesChecked.map { checked in
                JSONValue.object(
                    JSONObject(
                        checked.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }.map { key in
                            var check = JSONObject()
                            check.add(VulnerabilityCheck.CodingKeys.type, checked[key]?.type ?? "")
                            return (key, JSONValue.object(check))
                        }))
            })
        a.add(AnalyzerKey.command, report.analyzer.command)
        o.add(Key.analyzer, .object(a))
        o.add(Key.startTime, report.startTime)
        o.add(Key.endTime, report.endTime)
        o.add(Key.potentialVulnerabilities, report.potentialVulnerabilities.map { .array($0.map(value(of:))) })
        o.add(Key.errors, report.errors)
        o.add(Key.warnings, report.warnings)
        o.add(Key.trace, report.trace)
        o.add(
            Key.coverages,
            report.coverages.map { coverages in
                JSONValue.array(
                    coverages.map { c in
                        typealias CoverageKey = Coverage.CodingKeys
                        var b = JSONObject()
                        b.add(CoverageKey.percentage, c.percentage.map(JSONValue.double))
                        b.add(CoverageKey.file, c.file)
                        b.add(CoverageKey.contract, c.contract)
                        return .object(b)
                    })
            })
        return .object(o)
    }

    static func value(of v: PotentialVulnerability) -> JSONValue {
        typealias Key = PotentialVulnerability.CodingKeys
        typealias InstanceKey = VulnerabilityInstance.CodingKeys
        var o = JSONObject()
        o.add(Key.type, v.type)
        o.add(Key.file, v.file)
        o.add(Key.description, v.description)
        o.add(Key.contract, v.contract)
        o.add(Key.severity, v.severity)
        o.add(Key.confidence, v.confidence)
        o.add(Key.ruleID, v.ruleID)
        o.add(Key.title, v.title)
        o.add(
            Key.instances,
            .array(
                v.instances.map { i in
                    var b = JSONObject()
                    b.add(InstanceKey.refID, i.refID)
                    b.add(InstanceKey.startLine, i.startLine.map { JSONValue.integer(Int64($0)) } ?? .null)
                    b.add(InstanceKey.endLine, i.endLine)
                    b.add(InstanceKey.category, i.category)
                    b.add(InstanceKey.swc, i.swc)
                    return .object(b)
                }))
        return .object(o)
    }
}

/// Members keyed by the models' `CodingKeys`, so the writer and `Codable` share one list of key names.
extension JSONObject {
    mutating func add(_ key: some CodingKey, _ value: JSONValue?) { add(key.stringValue, value) }
    mutating func add(_ key: some CodingKey, _ value: String?) { add(key.stringValue, value.map(JSONValue.string)) }
    mutating func add(_ key: some CodingKey, _ value: Int?) { add(key.stringValue, value.map { .integer(Int64($0)) }) }
    mutating func add(_ key: some CodingKey, _ value: [String]?) {
        add(key.stringValue, value.map { .array($0.map(JSONValue.string)) })
    }
}
