import Foundation

/// An absolute http(s) URL parsed once and checked before anything connects to it: a known scheme, a host, and
/// a port in 1…65535. Foundation accepts ports above 65535 and the HTTP stack then traps (IP literal hosts) or
/// silently wraps them to another port (host names), so every URL the node or the CLI dials goes through here:
/// contract URIs and their redirects, `eth_node.args.endpoint_uri`, `audit --rpc`.
public struct ValidatedURL: Sendable, Hashable, CustomStringConvertible {
    /// The parsed URL.
    public let url: URL
    /// Lowercased scheme.
    public let scheme: String
    /// The host as written (IPv6 literals without brackets).
    public let host: String
    /// The explicit port, if any (1…65535).
    public let port: Int?

    /// Parses and checks `text`; `schemes` are the allowed (lowercase) schemes.
    public init(_ text: String, schemes: Set<String> = ["http", "https"]) throws(URLValidationError) {
        let shown = Self.redact(text)
        guard text.utf8.count <= 8192 else { throw URLValidationError("the URL is longer than 8192 characters") }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw URLValidationError("'\(shown)' contains spaces or control characters")
        }
        guard let schemeEnd = text.range(of: "://") else {
            throw URLValidationError("'\(shown)' is not an absolute URL (expected scheme://host[:port]/path)")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else {
            throw URLValidationError("'\(shown)' has no valid scheme")
        }
        guard schemes.contains(scheme) else {
            throw URLValidationError("scheme '\(scheme.prefix(20))' is not allowed (allowed: \(schemes.sorted().joined(separator: ", ")))")
        }
        var authority = text[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw URLValidationError("'\(shown)' has an unterminated IPv6 address")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw URLValidationError("'\(shown)' has characters after the IPv6 address") }
                portText = rest.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw URLValidationError("'\(shown)' has no host") }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard portText.count <= 5, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber),
                  let value = Int(portText), (1...65535).contains(value) else {
                throw URLValidationError("'\(shown)' has port '\(portText.prefix(20))'; a TCP port is a number in 1…65535")
            }
            port = value
        }
        guard let url = URL(string: text), url.host != nil else {
            throw URLValidationError("'\(shown)' is not a valid URL")
        }
        self.url = url
        self.scheme = scheme
        self.host = String(host)
        self.port = port
    }

    /// The URL without user info or query (they may carry tokens).
    public var description: String { Self.redact(url.absoluteString) }

    /// `text` without user info, query or fragment, at most 200 characters: safe to log.
    public static func redact(_ text: String) -> String {
        var shown = text
        if let schemeEnd = shown.range(of: "://") {
            let rest = shown[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                shown = String(shown[..<schemeEnd.upperBound]) + String(shown[shown.index(after: at)...])
            }
        }
        if let cut = shown.firstIndex(where: { $0 == "?" || $0 == "#" }) { shown = String(shown[..<cut]) }
        return String(shown.prefix(200))
    }
}

/// A URL that failed ``ValidatedURL``'s checks; the message says what is wrong (never the user info or query).
public struct URLValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
