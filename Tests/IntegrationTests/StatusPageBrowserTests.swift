#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// The status page of a running node in a real browser (headless Chromium from Debian, driven by Selenium):
/// elements, charts, report downloads and escaping. The screenshot is kept in out/test-artifacts/status-page.png.
@Suite(.serialized) struct StatusPageBrowserTests {
    static let hostile = #"<img src=x onerror="window.__pwned=1"><b>bold</b>.sol"#

    static var browserAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    }

    @Test func statusPageRendersInChromium() async throws {
        guard Self.browserAvailable else {
            print("skipping: chromium and chromium-driver are not installed (scripts/setup installs them)")
            return
        }
        guard let e2e = try await E2E.make(requests: ["DAOBug.sol", "BasicToken.sol", "Queue.sol", Self.hostile]) else { return }
        let node = try await e2e.node()
        let process = try node.start()
        let count = e2e.scenario.requests.count
        let settled = await eventually(timeout: .seconds(180), every: .milliseconds(500)) {
            node.rows().filter { $0.type == .audit && $0.status.isFinal }.count == count
        }
        #expect(settled, "rows: \(node.rows().map { "\($0.requestID) \($0.status.rawValue)" }); log: \(node.logs.suffix(2000))")
        let portLine = node.logs.split(separator: "\n").first { $0.contains("status server listening") }
        let port = try #require(portLine.flatMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["port"] as? String
        })
        let base = "http://127.0.0.1:\(port)"

        // The raw HTML: escaped, self-contained.
        let html = try await runCommand("/usr/bin/curl", ["-s", "-m", "20", base + "/"])
        #expect(html.contains("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&lt;b&gt;bold&lt;/b&gt;"))
        #expect(!html.contains("<img") && !html.contains("<script") && !html.contains("<b>"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").dropFirst().allSatisfy {
            $0.hasPrefix("www.w3.org/2000/svg") || $0.hasPrefix("127.0.0.1")
        })
        let headers = try await runCommand("/usr/bin/curl", ["-s", "-m", "20", "-D", "-", "-o", "/dev/null", base + "/"])
        #expect(headers.lowercased().contains("content-security-policy: default-src 'none'"))

        // The browser.
        let artifacts = Repo.root.appendingPathComponent("out/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("status-page.png").path
        try? FileManager.default.removeItem(atPath: screenshot)
        let script = Repo.root.appendingPathComponent("Tests/Browser/check_status_page.py").path
        let (status, output) = try await DoctorTests.run("/usr/bin/env", ["python3", script, base + "/", screenshot,
                                                                          "--requests", "\(count)", "--hostile-fragment", "<b>bold</b>"],
                                                         environment: [:])
        #expect(status == 0, "\(output)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data((output.split(separator: "\n").last ?? "").utf8)) as? [String: Any],
                                  "\(output)")
        #expect(result["ok"] as? Bool == true, "\(result["failures"] ?? "")")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 10_000, "screenshot \(screenshot) has \(size) bytes")

        // The report downloads of a finished request.
        let facts = try #require(result["facts"] as? [String: Any])
        let links = try #require(facts["links"] as? [[String: String]])
        let first = try #require(links.first)
        // Every request has a report to download: an audited one with its analyzers' results and the contract's
        // hash, the hostile (unfetchable) one an Error report, which has neither.
        var reports: [[String: Any]] = []
        for link in links {
            let json = try await runCommand("/usr/bin/curl", ["-s", "-f", "-m", "20", try #require(link["json"])])
            reports.append(try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]))
        }
        #expect(reports.contains { $0["analyzers_reports"] != nil && $0["contract_hash"] != nil }, "\(reports)")
        #expect(reports.allSatisfy { $0["status"] != nil && $0["request_id"] != nil }, "\(reports)")
        let sarif = try await runCommand("/usr/bin/curl", ["-s", "-f", "-m", "20", try #require(first["sarif"])])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let tx = try await runCommand("/usr/bin/curl", ["-s", "-f", "-m", "20", try #require(first["tx"])])
        #expect(tx.contains("\"purpose\" : \"submitReport\"") || tx.contains("\"purpose\":\"submitReport\""), "\(tx)")
        // Bad ids are refused, unknown ones are 404.
        let bad = try await runCommand("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "20", base + "/requests/1x/report.json"])
        #expect(bad == "400")
        let missing = try await runCommand("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "20", base + "/requests/999999/report.json"])
        #expect(missing == "404")

        process.signal(SIGTERM)
        #expect(await process.wait(timeout: .seconds(30)) == 0)
    }
}
