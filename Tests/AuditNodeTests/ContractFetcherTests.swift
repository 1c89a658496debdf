#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Subprocess
import Synchronization
import Testing
@testable import AuditNode

/// A small loopback HTTP server (python) with ok, big, redirect-chain and missing paths.
///
/// It runs under swift-subprocess in a task of its own (clean signal mask, nothing blocks a thread of the Swift
/// concurrency pool); ``stop()`` sends SIGKILL and the run task reaps the child.
final class FetchTestServer: Sendable {
    let port: Int
    /// The running child's pid (a class, so the run task can share it).
    private final class PID: Sendable {
        let mutex = Mutex<pid_t?>(nil)
        func withLock<R>(_ body: (inout pid_t?) -> R) -> R { mutex.withLock { body(&$0) } }
    }

    private let pid = PID()
    private let task: Task<Void, Never>

    static let script = """
    import http.server, sys
    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def do_GET(self):
            p = self.path
            if p == "/ok.sol":
                body = b"contract A { function f() public {} }"
                self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
            elif p == "/big.sol":
                self.send_response(200); self.end_headers(); self.wfile.write(b"x" * 200000)
            elif p == "/slow.sol":
                import time
                self.send_response(200); self.send_header("Content-Length", "100000"); self.end_headers()
                try:
                    for _ in range(100000):
                        self.wfile.write(b"x"); self.wfile.flush(); time.sleep(1)
                except Exception:
                    pass
            elif p.startswith("/redir/"):
                n = int(p.rsplit("/", 1)[1])
                self.send_response(302); self.send_header("Location", "/ok.sol" if n == 0 else f"/redir/{n-1}"); self.send_header("Content-Length", "0"); self.end_headers()
            else:
                self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """

    init() async throws {
        let port = Int.random(in: 20000...60000)
        self.port = port
        let pid = self.pid
        task = Task {
            _ = try? await Subprocess.run(
                .path("/usr/bin/env"), arguments: ["python3", "-c", Self.script, "\(port)"],
                input: .none, output: .discarded, error: .discarded
            ) { execution in
                pid.withLock { $0 = execution.processIdentifier.value }
            }
            pid.withLock { $0 = nil }
        }
        for _ in 0..<50 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            close(fd)
            if ok == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Kills the server (the run task reaps it without blocking anyone). Idempotent.
    func stop() {
        pid.withLock { pid in
            if let pid { _ = kill(pid, SIGKILL) }
            pid = nil
        }
    }

    deinit { stop() }
}

@Suite(.serialized) struct ContractFetcherTests {
    /// One client for the whole process (never deinitialised, so it needs no shutdown).
    static let client = ContractFetcher.makeHTTPClient()

    func fetcher(_ settings: FetchSettings) -> ContractFetcher { ContractFetcher(httpClient: Self.client, settings: settings) }

    @Test func refusesSchemesOtherThanHTTP() async {
        let f = fetcher(FetchSettings(allowPrivateAddresses: true))
        for uri in ["file:///etc/passwd", "ftp://example.org/a.sol", "fil://x/a.sol", "/etc/passwd", "", "gopher://x"] {
            await #expect(throws: FetchError.self, "\(uri)") { try await f.fetch(uri) }
        }
        let onlyHTTPS = fetcher(FetchSettings(allowedSchemes: ["https"], allowPrivateAddresses: true))
        await #expect { try await onlyHTTPS.fetch("http://example.org/a.sol") } throws: { "\($0)".contains("not allowed") }
    }

    @Test func refusesPrivateLoopbackAndLinkLocalTargets() async {
        let f = fetcher(FetchSettings(allowPrivateAddresses: false))
        for uri in ["http://127.0.0.1:1/a.sol", "http://localhost/a.sol", "http://10.1.2.3/a.sol", "http://169.254.169.254/latest",
                    "http://[::1]/a.sol", "http://192.168.0.10/a.sol", "http://0.0.0.0/a.sol"] {
            await #expect(performing: { try await f.fetch(uri) }, throws: { error in
                "\(error)".contains("refused contract URI") && !((error as? FetchError)?.retriable ?? true)
            })
        }
    }

    @Test func downloadsWithinBounds() async throws {
        let server = try await FetchTestServer()
        defer { server.stop() }
        let f = fetcher(FetchSettings(allowPrivateAddresses: true, maxBytes: 1000, timeoutSeconds: 5, maxRedirects: 3))
        let ok = try await f.fetch(server.base + "/ok.sol")
        #expect(String(decoding: ok.data, as: UTF8.self).hasPrefix("contract A"))
        #expect(ok.fileName == "ok.sol")
        let redirected = try await f.fetch(server.base + "/redir/2")  // 3 redirects
        #expect(redirected.data == ok.data)
        await #expect { try await f.fetch(server.base + "/redir/3") } throws: { "\($0)".contains("redirects") }
        await #expect { try await f.fetch(server.base + "/big.sol") } throws: { "\($0)".contains("max_bytes") }
        await #expect { try await f.fetch(server.base + "/missing.sol") } throws: { error in
            "\(error)".contains("404") && (error as? FetchError)?.retriable == false
        }
    }

    @Test func addressClassification() {
        for inside in ["127.0.0.1", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                         "100.64.0.1", "224.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12::1", "::ffff:127.0.0.1", "ff02::1", "garbage"] {
            #expect(AddressClass.isInternal(inside), "\(inside)")
        }
        for external in ["8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "100.128.0.1"] {
            #expect(!AddressClass.isInternal(external), "\(external)")
        }
    }

    @Test func redactsCredentialsInURIs() {
        #expect(ContractFetcher.redact("https://user:pw@example.org/a.sol?token=secret") == "https://example.org/a.sol")
    }
}
