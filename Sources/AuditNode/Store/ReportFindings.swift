import Foundation

/// Counts the findings (vulnerability instances) of a stored report JSON, once, when the report is stored — the
/// status page and its charts then read a number instead of parsing every report on every view.
enum ReportFindings {
    /// Vulnerability instances in `reportJSON` (a vulnerability without an instance list counts once); nil when
    /// there is no report or it does not parse.
    static func count(in reportJSON: String?) -> Int? {
        guard let reportJSON,
              let object = try? JSONSerialization.jsonObject(with: Data(reportJSON.utf8)) as? [String: Any] else { return nil }
        var total = 0
        for analyzer in object["analyzers_reports"] as? [[String: Any]] ?? [] {
            for vulnerability in analyzer["potential_vulnerabilities"] as? [[String: Any]] ?? [] {
                total += (vulnerability["instances"] as? [Any])?.count ?? 1
            }
        }
        return total
    }
}
