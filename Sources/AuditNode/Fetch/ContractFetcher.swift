import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A contract download refused or failed; `retriable` says whether trying again later may help.
public struct FetchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Whether a later attempt may succeed (timeouts, 5xx, connection failures).
    public var retriable: Bool

    /// Creates an error.
    public init(_ message: String, retriable: Bool = false) {
        self.message = message
        self.retriable = retriable
    }

    public var description: String { message }
}

/// Downloads the contract named by a request's URI with explicit bounds (PROTOCOL.md §3.5 DO): only the allowed
/// schemes (http/https), never local files; private, loopback and link-local targets refused unless allowed;
/// every hop of a redirect checked again, at most `maxRedirects`; a total timeout; a size cap.
public struct ContractFetcher: Sendable {
    let httpClient: HTTPClient
    let settings: FetchSettings

    /// A downloaded contract.
    public struct Fetched: Sendable {
        /// The bytes.
        public var data: Data
        /// The basename of the URI path (the report's file name).
        public var fileName: String
    }

    /// Creates a fetcher. `httpClient` must not follow redirects itself (see `makeHTTPClient`).
    public init(httpClient: HTTPClient, settings: FetchSettings) {
        self.httpClient = httpClient
        self.settings = settings
    }

    /// An HTTP client that never follows redirects (the fetcher checks every hop itself).
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Fetches `uri`.
    public func fetch(_ uri: String) async throws(FetchError) -> Fetched {
        var current = uri
        let deadline = NIODeadline.now() + .milliseconds(Int64(settings.timeoutSeconds * 1000))
        for _ in 0...settings.maxRedirects {
            let url = try await check(current)
            var request = HTTPClientRequest(url: url.absoluteString)
            request.headers.add(name: "User-Agent", value: "qsp-audit-node")
            let response: HTTPClientResponse
            do { response = try await httpClient.execute(request, deadline: deadline) } catch {
                throw FetchError("cannot download \(Self.redact(current)): \(error)", retriable: true)
            }
            if (300..<400).contains(response.status.code), let location = response.headers.first(name: "Location") {
                guard let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                    throw FetchError("redirect to an invalid location from \(Self.redact(current))")
                }
                current = next.absoluteString
                continue
            }
            guard response.status == .ok else {
                throw FetchError("download of \(Self.redact(current)) answered HTTP \(response.status.code)",
                                 retriable: response.status.code >= 500 || response.status.code == 429)
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > settings.maxBytes {
                throw FetchError("the contract at \(Self.redact(current)) is \(length) bytes; the limit (fetch.max_bytes) is \(settings.maxBytes)")
            }
            let body: ByteBuffer
            do { body = try await response.body.collect(upTo: settings.maxBytes) } catch let error as NIOTooManyBytesError {
                _ = error
                throw FetchError("the contract at \(Self.redact(current)) exceeds fetch.max_bytes (\(settings.maxBytes))")
            } catch {
                throw FetchError("cannot read \(Self.redact(current)): \(error)", retriable: true)
            }
            let name = URL(string: uri)?.lastPathComponent ?? "contract.sol"
            return Fetched(data: Data(buffer: body), fileName: name.isEmpty || name == "/" ? "contract.sol" : name)
        }
        throw FetchError("more than \(settings.maxRedirects) redirects (fetch.max_redirects) for \(Self.redact(uri))")
    }

    /// Validates scheme and target of one hop; returns the URL to request.
    func check(_ uri: String) async throws(FetchError) -> URL {
        guard let url = URL(string: uri), let scheme = url.scheme?.lowercased() else {
            throw FetchError("'\(Self.redact(uri))' is not a URL")
        }
        guard settings.allowedSchemes.contains(scheme) else {
            throw FetchError("scheme '\(scheme)' is not allowed (fetch.allowed_schemes: \(settings.allowedSchemes.joined(separator: ", ")))")
        }
        guard let host = url.host, !host.isEmpty else { throw FetchError("'\(Self.redact(uri))' has no host") }
        if !settings.allowPrivateAddresses {
            let addresses = await Resolver.resolve(host)
            guard !addresses.isEmpty else { throw FetchError("cannot resolve \(host)", retriable: true) }
            if let bad = addresses.first(where: { AddressClass.isInternal($0) }) {
                throw FetchError("\(host) resolves to \(bad), a private, loopback or link-local address (fetch.allow_private_addresses is false)")
            }
        }
        return url
    }

    /// The URI without user info or query (they may carry tokens).
    static func redact(_ uri: String) -> String {
        guard var parts = URLComponents(string: uri) else { return String(uri.prefix(200)) }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        return String((parts.string ?? uri).prefix(200))
    }
}
