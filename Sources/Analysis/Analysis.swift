/// Namespace marker for the `Analysis` module. See docs/ARCHITECTURE.md for what lives here.
public enum AnalysisModule {
    /// Version of the module's API surface.
    public static let name = "Analysis"
}
