#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Classifies IP addresses: loopback, private (RFC 1918, unique-local, CGNAT), and the classes never fetched
/// (link-local with the cloud metadata service, unspecified, multicast/reserved, unparseable).
enum AddressClass: Equatable {
    case loopback, `private`, forbidden, `public`

    /// The class of an address in text form.
    static func of(_ text: String) -> AddressClass {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return ofV4(withUnsafeBytes(of: v4.s_addr) { Array($0) })
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let b = withUnsafeBytes(of: v6) { Array($0) }
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff { return ofV4(Array(b[12..<16])) }
            if b.allSatisfy({ $0 == 0 }) { return .forbidden }                        // ::
            if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }  // ::1
            if b[0] & 0xfe == 0xfc { return .private }                                // fc00::/7
            if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return .forbidden }              // fe80::/10 link-local
            if b[0] == 0xff { return .forbidden }                                     // multicast
            return .public
        }
        return .forbidden  // unparseable: refuse
    }

    static func ofV4(_ b: [UInt8]) -> AddressClass {
        switch (b[0], b[1]) {
        case (127, _): return .loopback
        case (0, _): return .forbidden
        case (169, 254): return .forbidden  // link-local, 169.254.169.254 is the cloud metadata service
        case (224...255, _): return .forbidden
        case (10, _), (172, 16...31), (192, 168), (100, 64...127): return .private
        default: return .public
        }
    }

    /// True for any address the fetcher must not reach unless the environment allows it.
    static func isInternal(_ text: String) -> Bool { of(text) != .public }

    /// Whether `settings` allow fetching from an address of this class.
    func isAllowed(by settings: FetchSettings) -> Bool {
        switch self {
        case .public: true
        case .loopback: settings.allowLoopbackAddresses || settings.allowPrivateAddresses
        case .private: settings.allowPrivateAddresses
        case .forbidden: false
        }
    }
}

/// Blocking `getaddrinfo`, run off the cooperative pool.
enum Resolver {
    static func resolve(_ host: String) async -> [String] {
        let trimmed = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: lookup(trimmed))
            }
        }
    }

    static func lookup(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if info.pointee.ai_family == AF_INET, let sa = info.pointee.ai_addr {
                var addr = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            } else if info.pointee.ai_family == AF_INET6, let sa = info.pointee.ai_addr {
                var addr = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}
