import Foundation
import Testing

@testable import AuditReport

@Suite("CodecTool (logic behind `codec`)")
struct CodecToolTests {
    @Test func encodeAndDecodeSample() throws {
        let (hex, adjustments) = try CodecTool.encode(reportJSON: Fixtures.reportData("DAOBug"), sanitize: false)
        #expect(hex.count == 122 && hex == hex.uppercased() && adjustments.isEmpty)
        let json = try CodecTool.decode(hex: hex.lowercased())
        #expect(json.last == 0x0A)
        #expect(ReportSchemaValidator().validate(json) == [])
    }

    @Test func readFileLimitsAndErrors() throws {
        let file = try Python.writeTemp(Data(repeating: 0x41, count: 100))
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try CodecTool.readFile(file.path, limit: 100).count == 100)
        #expect(throws: CodecError(.fileUnreadable, "")) { try CodecTool.readFile(file.path, limit: 99) }
        #expect(throws: CodecError(.fileUnreadable, "")) { try CodecTool.readFile("/nonexistent/x") }
        #expect(throws: CodecError(.fileUnreadable, "")) { try CodecTool.readFile(NSTemporaryDirectory()) }
    }

    @Test func errorsAreTyped() {
        #expect(throws: CodecError(.invalidReportJSON, "")) { try CodecTool.encode(reportJSON: Data("nope".utf8), sanitize: true) }
        #expect(throws: CodecError(.invalidHex, "")) { try CodecTool.decode(hex: "0xABC") }
        #expect(CodecError(.tooShort, "a") == CodecError(.tooShort, "b"))
        #expect(CodecError(.tooShort, "a") != CodecError(.invalidHex, "a"))
        #expect(CodecError.Code.truncatedRecord.description == "truncatedRecord")
    }
}
