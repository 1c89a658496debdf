/// Namespace marker for the `AuditNode` module. See docs/ARCHITECTURE.md for what lives here.
public enum AuditNodeModule {
    /// Version of the module's API surface.
    public static let name = "AuditNode"
}
