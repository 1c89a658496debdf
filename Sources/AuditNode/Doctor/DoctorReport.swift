import Foundation

/// The outcome of one `doctor` check: passed, failed (with what to do), or not checked because an earlier check failed.
public struct DoctorCheckResult: Sendable, Equatable, Codable {
    /// How a check ended.
    public enum Status: String, Sendable, Codable {
        /// The check passed.
        case pass
        /// The check failed; `fix` says what to do.
        case fail
        /// The check could not run because a check it depends on failed.
        case skip
    }

    /// Stable identifier (`config`, `keystore`, `endpoint`, `contract`, `limits`, `stake`, `price`, `balance`,
    /// `analyzers`, `database`, `status_port`).
    public var id: String
    /// The outcome.
    public var status: Status
    /// What was found (never a secret).
    public var detail: String
    /// What to do when the check failed (empty otherwise).
    public var fix: String

    /// A passed check.
    public static func pass(_ id: String, _ detail: String) -> DoctorCheckResult {
        DoctorCheckResult(id: id, status: .pass, detail: detail, fix: "")
    }

    /// A failed check with the remedy.
    public static func fail(_ id: String, _ detail: String, fix: String) -> DoctorCheckResult {
        DoctorCheckResult(id: id, status: .fail, detail: detail, fix: fix)
    }

    /// A check that could not run because `prerequisite` failed.
    public static func skip(_ id: String, needs prerequisite: String) -> DoctorCheckResult {
        DoctorCheckResult(id: id, status: .skip, detail: "not checked: needs a passing '\(prerequisite)' check", fix: "fix '\(prerequisite)' first")
    }
}

/// Every check of one `doctor` run, in order, with text and JSON renderings.
public struct DoctorReport: Sendable, Equatable, Codable {
    /// The checks in the order they ran.
    public var checks: [DoctorCheckResult]

    /// Creates a report.
    public init(checks: [DoctorCheckResult]) { self.checks = checks }

    /// True only when every check passed (a skipped check is not a pass).
    public var allPassed: Bool { checks.allSatisfy { $0.status == .pass } }

    /// The result with `id`, if it ran.
    public subscript(id: String) -> DoctorCheckResult? { checks.first { $0.id == id } }

    /// One line per check (`✓`, `✗` or `–`), a `→` line with the remedy under each failure, and a summary line.
    public func renderText() -> String {
        let width = (checks.map(\.id.count).max() ?? 0) + 2
        var lines: [String] = []
        for check in checks {
            let mark = switch check.status { case .pass: "✓"; case .fail: "✗"; case .skip: "–" }
            let name = check.id + String(repeating: " ", count: max(1, width - check.id.count))
            lines.append("\(mark) \(name)\(check.detail)")
            if check.status == .fail {
                lines.append("  " + String(repeating: " ", count: width) + "→ \(check.fix)")
            }
        }
        let passed = checks.filter { $0.status == .pass }.count
        let failed = checks.filter { $0.status == .fail }.count
        let skipped = checks.count - passed - failed
        lines.append(allPassed
            ? "all \(passed) checks passed"
            : "\(failed) failed, \(skipped) not checked, \(passed) passed")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"ok": Bool, "checks": [{"id", "status", "detail", "fix"}]}` with the checks in order.
    public func renderJSON() -> Data {
        let object: [String: Any] = [
            "ok": allPassed,
            "checks": checks.map { ["id": $0.id, "status": $0.status.rawValue, "detail": $0.detail, "fix": $0.fix] },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }
}
