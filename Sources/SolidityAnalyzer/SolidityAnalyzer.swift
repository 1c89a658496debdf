/// Namespace marker for the `SolidityAnalyzer` module. See docs/ARCHITECTURE.md for what lives here.
public enum SolidityAnalyzerModule {
    /// Version of the module's API surface.
    public static let name = "SolidityAnalyzer"
}
