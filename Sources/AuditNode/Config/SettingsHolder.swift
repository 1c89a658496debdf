/// The reloadable settings (SIGHUP), shared by the services that read them live.
public actor SettingsHolder {
    private(set) var reloadable: ReloadableSettings
    /// Set when the minimum price must be synced on chain (start-up and after a reload).
    var priceSyncNeeded = true
    private var listeners: [@Sendable (ReloadableSettings) async -> Void] = []

    /// Creates the holder.
    public init(_ settings: ReloadableSettings) { reloadable = settings }

    /// The current settings.
    public func current() -> ReloadableSettings { reloadable }

    /// Replaces the settings (SIGHUP) and notifies listeners.
    public func update(_ settings: ReloadableSettings) async {
        if settings.minPriceInQSP != reloadable.minPriceInQSP { priceSyncNeeded = true }
        reloadable = settings
        for listener in listeners { await listener(settings) }
    }

    /// Registers a reload listener.
    public func onReload(_ listener: @escaping @Sendable (ReloadableSettings) async -> Void) { listeners.append(listener) }

    func priceSynced() { priceSyncNeeded = false }
}
