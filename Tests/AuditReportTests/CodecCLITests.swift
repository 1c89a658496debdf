import Foundation
import Testing

@testable import AuditReport

/// Runs the real `qsp-audit-node codec …` binary built next to the test bundle.
@Suite("codec command line")
struct CodecCLITests {
    static let binary: URL? = {
        let url = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("qsp-audit-node")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }()

    typealias Output = ChildProcess.Result

    static func run(_ arguments: [String]) async throws -> Output? {
        guard let binary else {
            print("skipping codec CLI test: qsp-audit-node is not built next to the test bundle (run `swift build` first)")
            return nil
        }
        return try await ChildProcess.run(binary.path, arguments: ["codec"] + arguments)
    }

    @Test func encodeAndDecode() async throws {
        guard let encoded = try await Self.run(["encode", Fixtures.reportURL("DAOBug").path]) else { return }
        #expect(encoded.status == 0)
        #expect(encoded.stdout == Fixtures.hex(try CompressedReportCodec.encode(Fixtures.report("DAOBug"))) + "\n")
        #expect(encoded.stderr.isEmpty)
        let hex = encoded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let decoded = try #require(try await Self.run(["decode", "0x" + hex.lowercased()]))
        #expect(decoded.status == 0)
        #expect(try ReportJSON.decode(Data(decoded.stdout.utf8)) == CompressedReportCodec.decode(hex: hex))
        #expect(ReportSchemaValidator().validate(Data(decoded.stdout.utf8)) == [])
        let file = try Python.writeTemp(Data((hex + "\n").utf8), suffix: ".hex")
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try #require(try await Self.run(["decode", "--file", file.path]))
        #expect(fromFile.status == 0 && fromFile.stdout == decoded.stdout)
    }

    @Test func sanitizeListsRepairsOnStderr() async throws {
        let report = Fixtures.report(findings: [("made_up", 3, nil), ("reentrancy", nil, nil)])
        let file = try Python.writeTemp(try ReportJSON.encode(report))
        defer { try? FileManager.default.removeItem(at: file) }
        guard let strict = try await Self.run(["encode", file.path]) else { return }
        #expect(strict.status != 0)
        #expect(strict.stderr.hasPrefix("error: ") && strict.stderr.contains("made_up"))
        let sanitized = try #require(try await Self.run(["encode", "--sanitize", file.path]))
        #expect(sanitized.status == 0)
        #expect(sanitized.stdout.hasSuffix("110003\n"))
        #expect(sanitized.stderr.split(separator: "\n").count == 2)
        #expect(sanitized.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("note: ") })
    }

    @Test func badInputGivesOneErrorLineAndNonZeroExit() async throws {
        let invalidJSON = try Python.writeTemp(Data("{\"status\": ".utf8))
        let notAReport = try Python.writeTemp(Data("{\"audit_state\": 4}".utf8))
        let binary = try Python.writeTemp(Data([0xFF, 0x00, 0xFE]))
        defer { for f in [invalidJSON, notAReport, binary] { try? FileManager.default.removeItem(at: f) } }
        let header = String(CodecDecodeTests.workedExample.prefix(68))
        let cases: [([String], String)] = [
            (["encode", "/nonexistent/report.json"], "no such file"),
            (["encode", "/tmp"], "directory"),
            (["encode", invalidJSON.path], "not valid JSON"),
            (["encode", notAReport.path], "missing status"),
            (["encode", binary.path], "not valid JSON"),
            (["decode", "ABC"], "odd number"),
            (["decode", "zz"], "not 0-9"),
            (["decode", header.dropLast(2) + ""], "at least 34"),
            (["decode", CodecDecodeTests.workedExample + "1200"], "partial record"),
            (["decode", header + "1C0000"], "unknown vulnerability type id 28"),
            (["decode", "--file", "/nonexistent.hex"], "no such file"),
            (["decode"], "either as an argument or with --file"),
            (["encode"], "give the report JSON file"),
        ]
        for (arguments, fragment) in cases {
            guard let output = try await Self.run(arguments) else { return }
            #expect(output.status != 0, "\(arguments)")
            #expect(output.stdout.isEmpty, "\(arguments)")
            let lines = output.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(output.stderr)")
            #expect(output.stderr.hasPrefix("error: ") && output.stderr.contains(fragment), "\(arguments): \(output.stderr)")
        }
    }
}
