/// How severe a finding is — the one severity scale of the project (built-in detectors, external analyzers, reports,
/// SARIF and text output, `--fail-on`). Raw values are the strings written into reports (`severity`).
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    /// Rank used for ordering: info < low < medium < high < critical.
    public var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    /// Parses a severity as people and tools write it — the only such mapping in the project. Tools with three
    /// levels put "warning" in the middle (semgrep: INFO/WARNING/ERROR; SARIF: note/warning/error), so it is medium;
    /// "error" is high; "informational", "note", "optimization" are info.
    public init?(lenient name: String) {
        switch name.lowercased() {
        case "info", "informational", "information", "note", "none", "optimization": self = .info
        case "low": self = .low
        case "medium", "moderate", "warning", "warn": self = .medium
        case "high", "error": self = .high
        case "critical": self = .critical
        default: return nil
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// How sure an analyzer is that a finding is real.
public enum Confidence: String, Sendable, Hashable, Codable, CaseIterable {
    case low, medium, high
}

/// The DASP top-10 category of a finding.
public enum DASPCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case reentrancy
    case accessControl = "access_control"
    case arithmetic
    case uncheckedLowLevelCalls = "unchecked_low_level_calls"
    case denialOfService = "denial_of_service"
    case badRandomness = "bad_randomness"
    case frontRunning = "front_running"
    case timeManipulation = "time_manipulation"
    case shortAddresses = "short_addresses"
    case other
}
