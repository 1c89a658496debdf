/// Namespace marker for the `EthereumAccounts` module. See docs/ARCHITECTURE.md for what lives here.
public enum EthereumAccountsModule {
    /// Version of the module's API surface.
    public static let name = "EthereumAccounts"
}
