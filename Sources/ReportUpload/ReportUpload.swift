/// Namespace marker for the `ReportUpload` module. See docs/ARCHITECTURE.md for what lives here.
public enum ReportUploadModule {
    /// Version of the module's API surface.
    public static let name = "ReportUpload"
}
