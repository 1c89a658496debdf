#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization
import Testing
@testable import AuditNode

/// Issue 9 and issue 10 (items 6, 7, 10): hostile URLs, slow servers, link-local targets, YAML merge keys, the
/// instance lock on a symlinked database, the quarantine counter and log redaction.
@Suite(.serialized) struct HostileInputTests {
    static let client = ContractFetcher.makeHTTPClient()

    // MARK: URLs (item 1)

    @Test func portsAbove65535AreRefusedNeverWrapped() {
        for text in ["http://127.0.0.1:99999/x.sol", "http://localhost:99999/x.sol", "http://[::1]:70000/", "http://h:0/",
                     "http://h:-1/", "http://h:1e3/", "http://h:+80/", "http://h:0000080000/"] {
            #expect(throws: URLValidationError.self, "\(text)") { try ValidatedURL(text) }
        }
        #expect((try? ValidatedURL("http://localhost:65535/x.sol"))?.port == 65535)
        #expect((try? ValidatedURL("https://user:pw@example.org:8443/a?b"))?.port == 8443)
        #expect((try? ValidatedURL("http://[::1]:8545"))?.host == "::1")
        #expect((try? ValidatedURL("http://example.org/"))?.port == nil)
        for text in ["file:///etc/passwd", "ftp://example.org/a.sol", "example.org/a.sol", "http:///a", "http://a b/"] {
            #expect(throws: URLValidationError.self, "\(text)") { try ValidatedURL(text) }
        }
        let error = try? ValidatedURL("http://user:secret@127.0.0.1:99999/x?token=t0ken")
        #expect(error == nil)
        do { _ = try ValidatedURL("http://user:secret@127.0.0.1:99999/x?token=t0ken") } catch {
            #expect(error.message.contains("1…65535") && !error.message.contains("secret") && !error.message.contains("t0ken"))
        }
    }

    @Test func fetcherRefusesABadPortCleanly() async {
        let f = ContractFetcher(httpClient: Self.client, settings: FetchSettings(allowPrivateAddresses: true))
        for uri in ["http://127.0.0.1:99999/x.sol", "http://localhost:99999/x.sol"] {
            await #expect(performing: { try await f.fetch(uri) }, throws: { error in
                "\(error)".contains("1…65535") && (error as? FetchError)?.retriable == false
            })
        }
    }

    @Test func configEndpointWithABadPortIsAConfigurationError() throws {
        let yaml = ConfigurationTests.base.replacingOccurrences(of: "http://127.0.0.1:${PORT:-8545}/${token}",
                                                                 with: "http://127.0.0.1:99999/${token}")
        #expect(performing: {
            try ConfigurationLoader(environment: ["QSP_ETH_AUTH_TOKEN": "s3cr3t-token"]).load(yaml: yaml, env: "local", baseDirectory: "/etc")
        }, throws: { error in
            let text = "\(error)"
            return text.contains("endpoint_uri") && text.contains("65535") && !text.contains("s3cr3t-token")
        })
    }

    // MARK: Address classes (issue 10 item 10)

    @Test func linkLocalIsNeverFetchedAndLoopbackOnlyMeansLoopbackOnly() async {
        let loopbackOnly = FetchSettings(allowLoopbackAddresses: true)
        let everything = FetchSettings(allowPrivateAddresses: true, allowLoopbackAddresses: true)
        for address in ["169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.1"] {
            #expect(!AddressClass.of(address).isAllowed(by: everything), "\(address)")
        }
        #expect(AddressClass.of("127.0.0.1").isAllowed(by: loopbackOnly))
        #expect(AddressClass.of("::1").isAllowed(by: loopbackOnly))
        #expect(!AddressClass.of("10.0.0.1").isAllowed(by: loopbackOnly))
        #expect(!AddressClass.of("192.168.1.1").isAllowed(by: loopbackOnly))
        let f = ContractFetcher(httpClient: Self.client, settings: everything)
        await #expect(performing: { try await f.fetch("http://169.254.169.254/latest/meta-data/") }, throws: { error in
            "\(error)".contains("never fetched") && (error as? FetchError)?.retriable == false
        })
    }

    @Test func shippedLocalEnvironmentAllowsLoopbackOnly() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/config.yaml").path
        let loaded = try ConfigurationLoader(environment: ["QSP_ETH_AUTH_TOKEN": "x"]).load(path: path, env: "local")
        #expect(loaded.configuration.fetch.allowLoopbackAddresses)
        #expect(!loaded.configuration.fetch.allowPrivateAddresses)
    }

    // MARK: Total fetch deadline (issue 10 item 6)

    @Test func slowBodiesStopAtTheTotalDeadline() async throws {
        let server = try await FetchTestServer()
        defer { server.stop() }
        let f = ContractFetcher(httpClient: Self.client, settings: FetchSettings(allowPrivateAddresses: true, timeoutSeconds: 2))
        let start = ContinuousClock.now
        // Two 1 byte/s downloads at once, as two audit workers would run them.
        async let first: Result<ContractFetcher.Fetched, FetchError> = { () async -> Result<ContractFetcher.Fetched, FetchError> in
            do throws(FetchError) { return .success(try await f.fetch(server.base + "/slow.sol")) } catch { return .failure(error) }
        }()
        async let second: Result<ContractFetcher.Fetched, FetchError> = { () async -> Result<ContractFetcher.Fetched, FetchError> in
            do throws(FetchError) { return .success(try await f.fetch(server.base + "/slow.sol")) } catch { return .failure(error) }
        }()
        let results = await [first, second]
        let elapsed = ContinuousClock.now - start
        for result in results {
            guard case .failure(let error) = result else { Issue.record("a 1 byte/s download of 100 kB succeeded"); continue }
            #expect(error.message.contains("did not finish within"), "\(error)")
        }
        #expect(elapsed < .seconds(60), "the downloads took \(elapsed); the deadline is 2 s")
    }

    // MARK: YAML merge keys (item 9)

    @Test func yamlMergeKeysAreUnderstood() throws {
        let yaml = """
        common: &common
          eth_node:
            provider: HTTPProvider
            args:
              endpoint_uri: "http://127.0.0.1:8545"
          audit_contract_abi:
            uri: ./abi.json
            metadata: ./meta.json
          keystore_file: ./key.json
          min_price_in_qsp: 10
          tx_timeout_seconds: 300
          max_assigned_requests: 5
          evt_polling_sec: 5
          block_mined_polling_interval_sec: 1
          analyzers:
            - builtin: {timeout_sec: 60}
          gas_price: {strategy: dynamic, max_gas_price_wei: -1}
        local:
          <<: *common
          max_assigned_requests: 7
        """
        let loaded = try ConfigurationLoader(environment: [:]).load(yaml: yaml, env: "local", baseDirectory: "/etc")
        #expect(loaded.configuration.maxAssignedRequests == 7)
        #expect(loaded.configuration.minPriceInQSP == 10)
        #expect(loaded.configuration.endpointURI == "http://127.0.0.1:8545")
    }

    // MARK: Instance lock (item 7)

    @Test func aSymlinkToARunningNodesDatabaseIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qsp-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("events.db").path
        let link = dir.appendingPathComponent("link.db").path
        let first = try EventStore(path: real)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        #expect(performing: { _ = try EventStore(path: link) }, throws: { error in
            (error as? StoreError)?.code == .lockUnavailable && "\(error)".contains("another qsp-audit-node process")
        })
        let hard = dir.appendingPathComponent("hard.db").path
        try FileManager.default.linkItem(atPath: real, toPath: hard)
        #expect(throws: StoreError.self) { _ = try EventStore(path: hard) }
        _ = first
    }

    // MARK: Quarantine counter (build)

    @Test func auditAttemptsArePersistedPerRow() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qsp-attempts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("events.db").path
        do {
            let store = try EventStore(path: path)
            try store.insertAssigned(.assigned(requestID: "7", type: .audit, requestor: "0x0", uri: "http://x/a.sol", block: 1, price: 0))
            #expect(try store.beginAuditAttempt("7", .audit) == 1)
            #expect(try store.beginAuditAttempt("7", .audit) == 2)
            #expect(throws: StoreError.self) { try store.beginAuditAttempt("8", .audit) }
        }
        let reopened = try EventStore(path: path)  // the count survives a restart
        #expect(try reopened.auditAttempts("7", .audit) == 2)
        #expect(try reopened.beginAuditAttempt("7", .audit) == 3)
    }

    // MARK: Log redaction (item 6)

    @Test func secretsNeverReachTheLogAtTrace() {
        let lines = Mutex<[String]>([])
        let sink = JSONLogHandler.Sink { line in lines.withLock { $0.append(line) } }
        let redactor = SecretRedactor.fromEnvironment(["QSP_ETH_PASSPHRASE": "pass-ph\"rase/1", "QSP_ETH_AUTH_TOKEN": "tok123456"])
        var logger = Logger(label: "t") { label in JSONLogHandler(label: label, level: .trace, sink: sink, redactor: redactor) }
        logger.logLevel = .trace
        logger[metadataKey: "env"] = "QSP_ETH_PASSPHRASE=pass-ph\"rase/1"
        logger.trace("starting with http://node/v3/tok123456", metadata: ["service": .dictionary(["endpoint": "http://node/v3/tok123456"]),
                                                                            "list": .array([.string("pass-ph\"rase/1")])])
        let config = ConfigurationLoader(environment: ["QSP_ETH_PASSPHRASE": "pass-ph\"rase/1"])
        logger.debug("service", metadata: ["loader": "\(config)"])
        let all = lines.withLock { $0 }.joined(separator: "\n")
        #expect(all.contains("<redacted>"))
        #expect(!all.contains("tok123456") && !all.contains("pass-ph"), "\(all)")
    }
}
