/// Namespace marker for the `AuditReport` module. See docs/ARCHITECTURE.md for what lives here.
public enum AuditReportModule {
    /// Version of the module's API surface.
    public static let name = "AuditReport"
}
