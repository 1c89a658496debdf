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

    /// Fetches `uri` within one total deadline — connection, headers and the whole body of every hop — of
    /// `fetch.timeout_seconds`, or the earlier `deadline` given by the caller (the audit's own time).
    public func fetch(_ uri: String, deadline: ContinuousClock.Instant? = nil) async throws(FetchError) -> Fetched {
        let ownDeadline = ContinuousClock.now + .seconds(fractional: settings.timeoutSeconds)
        let limit = deadline.map { min($0, ownDeadline) } ?? ownDeadline
        let seconds = Self.secondsText(limit - .now)
        let result: Result<Fetched, FetchError> = await withTaskGroup(of: Result<Fetched, FetchError>?.self) { group in
            group.addTask {
                do throws(FetchError) { return .success(try await fetchHops(uri, deadline: limit)) } catch { return .failure(error) }
            }
            group.addTask {
                do { try await Task.sleep(until: limit, clock: .continuous) } catch { return nil }
                return .failure(FetchError("the download of \(Self.redact(uri)) did not finish within \(seconds) s (fetch.timeout_seconds)",
                                           retriable: true))
            }
            var first: Result<Fetched, FetchError>?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .failure(FetchError("the download of \(Self.redact(uri)) was cancelled", retriable: true))
        }
        return try result.get()
    }

    static func secondsText(_ duration: Duration) -> String {
        String(format: "%.1f", max(0, Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18))
    }

    private func fetchHops(_ uri: String, deadline: ContinuousClock.Instant) async throws(FetchError) -> Fetched {
        var current = uri
        let remaining = deadline - .now
        let nioDeadline = NIODeadline.now() + .nanoseconds(max(0, remaining.components.seconds * 1_000_000_000
            + remaining.components.attoseconds / 1_000_000_000))
        for _ in 0...settings.maxRedirects {
            let url = try await check(current)
            var request = HTTPClientRequest(url: url.url.absoluteString)
            request.headers.add(name: "User-Agent", value: "qsp-audit-node")
            let response: HTTPClientResponse
            do { response = try await httpClient.execute(request, deadline: nioDeadline) } catch {
                throw FetchError("cannot download \(Self.redact(current)): \(error)", retriable: true)
            }
            if (300..<400).contains(response.status.code), let location = response.headers.first(name: "Location") {
                guard let next = URL(string: location, relativeTo: url.url)?.absoluteURL else {
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

    /// Validates scheme, port and target of one hop; returns the URL to request.
    func check(_ uri: String) async throws(FetchError) -> ValidatedURL {
        let url: ValidatedURL
        do { url = try ValidatedURL(uri, schemes: Set(settings.allowedSchemes)) } catch {
            throw FetchError("refused contract URI: \(error.message) (fetch.allowed_schemes: \(settings.allowedSchemes.joined(separator: ", ")))")
        }
        let addresses = await Resolver.resolve(url.host)
        guard !addresses.isEmpty else { throw FetchError("cannot resolve \(url.host.prefix(100))", retriable: true) }
        for address in addresses {
            let kind = AddressClass.of(address)
            guard kind.isAllowed(by: settings) else {
                let reason = switch kind {
                case .loopback: "a loopback address (fetch.allow_loopback_addresses is false)"
                case .private: "a private address (fetch.allow_private_addresses is false)"
                default: "a link-local, unspecified or multicast address, which is never fetched"
                }
                throw FetchError("refused contract URI: \(url.host.prefix(100)) resolves to \(address), \(reason)")
            }
        }
        return url
    }

    /// The URI without user info or query (they may carry tokens).
    static func redact(_ uri: String) -> String { ValidatedURL.redact(uri) }
}
