import Foundation
import Logging
import Testing
@testable import AuditNode

@Suite struct ReloadTests {
    func config(minPrice: String, maxAssigned: Int = 5) -> String {
        """
        local:
          eth_node: {provider: HTTPProvider, args: {endpoint_uri: "http://127.0.0.1:8545"}}
          audit_contract_abi: {uri: ./abi.json, metadata: ./meta.json}
          keystore_file: ./key.json
          min_price_in_qsp: \(minPrice)
          tx_timeout_seconds: 300
          max_assigned_requests: \(maxAssigned)
          evt_polling_sec: 5
          block_mined_polling_interval_sec: 1
          analyzers:
            - builtin: {timeout_sec: 60}
          gas_price: {strategy: dynamic}
        """
    }

    @Test func sighupReloadAppliesValidAndIgnoresInvalidFiles() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qsp-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("config.yaml").path
        try config(minPrice: "10").write(toFile: path, atomically: true, encoding: .utf8)
        let loader = ConfigurationLoader(environment: [:])
        let initial = try loader.load(path: path, env: "local").configuration
        let settings = SettingsHolder(initial.reloadable)
        await settings.priceSynced()
        let engine = try AuditEngine(analyzers: initial.analyzers, wrappersRoot: nil, uploader: NoUploaderForTests(),
                                     uploadContracts: false, version: "2.1.0")
        let collector = LineCollector()
        let logger = Logger(label: "reload") { JSONLogHandler(label: $0, level: .info, sink: collector.sink) }
        let service = ReloadService(configPath: path, env: "local", loader: loader, settings: settings, engine: engine, logger: logger)

        try config(minPrice: "25", maxAssigned: 3).write(toFile: path, atomically: true, encoding: .utf8)
        await service.reload()
        #expect(await settings.current().minPriceInQSP == 25)
        #expect(await settings.current().maxAssignedRequests == 3)
        #expect(await settings.priceSyncNeeded, "a new minimum price must be synced on chain")

        try config(minPrice: "lots").write(toFile: path, atomically: true, encoding: .utf8)
        await service.reload()
        #expect(await settings.current().minPriceInQSP == 25, "an invalid reload keeps the running settings")
        #expect(collector.objects.contains { ($0["msg"] as? String)?.contains("reload rejected") == true
            && ($0["error"] as? String)?.contains("min_price_in_qsp") == true })
    }
}

import ReportUpload

struct NoUploaderForTests: ReportUploader {
    func uploadReport(_ json: Data, account: String, auditHash: String) async throws -> String { "" }
    func uploadContract(_ source: Data, account: String, requestID: Int, fileName: String) async throws -> String { "" }
}
