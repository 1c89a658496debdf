/// How the SARIF and text renderers rank a report entry's severity text: the `QSPCore.Severity` it parses to
/// (`Severity(lenient:)`, the project's one mapping of severity words), most severe first, or unrated.
enum SeverityRating: Int, CaseIterable, Comparable {
    case critical, high, medium, low, info, unrated

    init(_ text: String?) {
        switch text.flatMap(Severity.init(lenient:)) {
        case .critical?: self = .critical
        case .high?: self = .high
        case .medium?: self = .medium
        case .low?: self = .low
        case .info?: self = .info
        case nil: self = .unrated
        }
    }

    static func < (lhs: SeverityRating, rhs: SeverityRating) -> Bool { lhs.rawValue < rhs.rawValue }

    var label: String {
        switch self {
        case .critical: "critical"
        case .high: "high"
        case .medium: "medium"
        case .low: "low"
        case .info: "info"
        case .unrated: "unrated"
        }
    }

    /// SARIF `level`: critical/high → error, medium/unrated → warning, low/info → note.
    var sarifLevel: String {
        switch self {
        case .critical, .high: "error"
        case .medium, .unrated: "warning"
        case .low, .info: "note"
        }
    }

    /// GitHub's `security-severity` score (0.0–10.0): ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low.
    var securitySeverity: String {
        switch self {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium, .unrated: "5.5"
        case .low: "3.0"
        case .info: "1.0"
        }
    }
}
