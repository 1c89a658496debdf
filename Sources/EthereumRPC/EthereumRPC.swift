/// Namespace marker for the `EthereumRPC` module. See docs/ARCHITECTURE.md for what lives here.
public enum EthereumRPCModule {
    /// Version of the module's API surface.
    public static let name = "EthereumRPC"
}
