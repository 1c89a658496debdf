import Foundation

/// `metric_collection.*` (PROTOCOL.md §7.1): the signed metrics heartbeat of §3.11.
public struct MetricCollectionSettings: Sendable, Equatable {
    /// `is_enabled` (default false).
    public var isEnabled: Bool
    /// `interval_seconds` (default 30): time between heartbeats; the first is sent one interval after start.
    public var intervalSeconds: Double
    /// `destination_endpoint`: the http(s) URL the heartbeat is POSTed to; nil = no heartbeat.
    public var destinationEndpoint: String?

    /// Creates settings.
    public init(isEnabled: Bool, intervalSeconds: Double = 30, destinationEndpoint: String? = nil) {
        self.isEnabled = isEnabled
        self.intervalSeconds = intervalSeconds
        self.destinationEndpoint = destinationEndpoint
    }

    /// No heartbeat.
    public static let disabled = MetricCollectionSettings(isEnabled: false)

    /// True when a heartbeat is sent (§3.11: enabled and an endpoint is set).
    public var isActive: Bool { isEnabled && !(destinationEndpoint ?? "").isEmpty }

    /// Reads `metric_collection` of one environment section (absent = disabled).
    static func parse(_ section: YAMLSection) throws(ConfigurationError) -> MetricCollectionSettings {
        let s = try section.section("metric_collection")
        let enabled = try s.bool("is_enabled", default: false)
        let interval = try s.double("interval_seconds", default: 30)
        guard interval > 0, interval <= 86_400 else {
            throw ConfigurationError(key: s.key("interval_seconds"), "expected seconds in (0, 86400], found \(interval)")
        }
        var endpoint: String?
        if s.has("destination_endpoint") {
            let text = try s.string("destination_endpoint")
            if !text.isEmpty {
                guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                      url.host != nil else {
                    throw ConfigurationError(key: s.key("destination_endpoint"), "expected an http(s) URL")
                }
                endpoint = text
            }
        }
        return MetricCollectionSettings(isEnabled: enabled, intervalSeconds: interval, destinationEndpoint: endpoint)
    }
}
