import Foundation

/// A JSON-RPC endpoint URL that may carry an auth token in its path, query or user info, together with the
/// redacted form used in every error message and log line.
public struct RPCEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The full URL, secrets included. Never log it.
    public let url: String
    /// `scheme://host:port` plus `/<redacted>` when the URL has a path and `?<redacted>` when it has a query.
    public let redacted: String
    /// Substrings of the URL that must not appear in any message (path, query, user info and their parts).
    let secrets: [String]

    /// Parses an `http` or `https` URL.
    public init(_ urlString: String) throws(RPCError) {
        guard let components = URLComponents(string: urlString), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw RPCError(
                kind: .invalidRequest, method: "-", endpoint: "<unparsable URL>",
                detail: "the RPC URL is not an absolute http:// or https:// URL with a host")
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let displayHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        var shown = "\(scheme)://\(displayHost):\(port)"
        var secrets: [String] = []
        let path = components.percentEncodedPath
        if !path.isEmpty && path != "/" {
            shown += "/<redacted>"
            secrets.append(path)
            secrets += path.split(separator: "/").map(String.init)
        }
        if let query = components.percentEncodedQuery, !query.isEmpty {
            shown += "?<redacted>"
            secrets.append(query)
            for item in query.split(separator: "&") {
                secrets.append(String(item))
                secrets += item.split(separator: "=").map(String.init)
            }
        }
        if let user = components.percentEncodedUser { secrets.append(user) }
        if let password = components.percentEncodedPassword { secrets.append(password) }
        // Also the percent-decoded forms; short fragments are ignored to avoid mangling ordinary words.
        secrets += secrets.compactMap { $0.removingPercentEncoding }
        self.secrets = Array(Set(secrets.filter { $0.count >= 6 })).sorted { $0.count > $1.count }
        self.url = urlString
        self.redacted = shown
    }

    /// The redacted URL.
    public var description: String { redacted }

    /// `text` with every secret part of the URL replaced by `<redacted>`.
    public func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return result
    }
}
