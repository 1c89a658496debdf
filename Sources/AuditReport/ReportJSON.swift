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
        do {
            _ = try JSONParser.parse(data)  // precise syntax errors with a byte offset
        } catch {
            throw CodecError(.invalidReportJSON, "report is not valid JSON: \(error)")
        }
        do {
            return try JSONDecoder().decode(Report.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw CodecError(.invalidReportJSON, "report is missing \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw CodecError(.invalidReportJSON, "report field \(path(context.codingPath)) has the wrong type: \(context.debugDescription)")
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
        var o = JSONObjectBuilder()
        o.add("timestamp", report.timestamp)
        o.add("contract_uri", report.contractURI)
        o.add("contract_hash", report.contractHash)
        o.add("requestor", report.requestor)
        o.add("auditor", report.auditor)
        o.add("request_id", report.requestID)
        o.add("version", report.version)
        o.add("audit_state", report.auditState)
        o.add("status", report.status)
        o.add("analyzers_reports", report.analyzersReports.map { .array($0.map(value(of:))) })
        o.add("compilation_warnings", report.compilationWarnings)
        o.add("compilation_errors", report.compilationErrors)
        return o.value
    }

    static func value(of report: AnalyzerReport) -> JSONValue {
        var o = JSONObjectBuilder()
        o.add("status", report.status)
        var a = JSONObjectBuilder()
        a.add("name", report.analyzer.name)
        a.add("version", report.analyzer.version)
        a.add(
            "vulnerabilities_checked",
            report.analyzer.vulnerabilitiesChecked.map { checked in
                JSONValue.object(
                    checked.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }.map { key in
                        (key, JSONValue.object([("type", .string(checked[key]?.type ?? ""))]))
                    })
            })
        a.add("command", report.analyzer.command)
        o.add("analyzer", a.value)
        o.add("start_time", report.startTime)
        o.add("end_time", report.endTime)
        o.add("potential_vulnerabilities", report.potentialVulnerabilities.map { .array($0.map(value(of:))) })
        o.add("errors", report.errors)
        o.add("warnings", report.warnings)
        o.add("trace", report.trace)
        o.add(
            "coverages",
            report.coverages.map { coverages in
                JSONValue.array(
                    coverages.map { c in
                        var b = JSONObjectBuilder()
                        b.add("percentage", c.percentage.map(JSONValue.double))
                        b.add("file", c.file)
                        b.add("contract", c.contract)
                        return b.value
                    })
            })
        return o.value
    }

    static func value(of v: PotentialVulnerability) -> JSONValue {
        var o = JSONObjectBuilder()
        o.add("type", v.type)
        o.add("file", v.file)
        o.add("description", v.description)
        o.add("contract", v.contract)
        o.add("severity", v.severity)
        o.add("confidence", v.confidence)
        o.add("rule_id", v.ruleID)
        o.add("title", v.title)
        o.add(
            "instances",
            .array(
                v.instances.map { i in
                    var b = JSONObjectBuilder()
                    b.add("ref_id", i.refID)
                    b.add("start_line", i.startLine.map(JSONValue.int) ?? .null)
                    b.add("end_line", i.endLine)
                    b.add("category", i.category)
                    b.add("swc", i.swc)
                    return b.value
                }))
        return o.value
    }
}
