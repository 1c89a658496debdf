/// Namespace marker for the `Ethereum` module. See docs/ARCHITECTURE.md for what lives here.
public enum EthereumModule {
    /// Version of the module's API surface.
    public static let name = "Ethereum"
}
