import AsyncHTTPClient
import Foundation
import Testing
@testable import ReportUpload

#if canImport(Glibc)
import Glibc
#endif

/// A moto_server (PyPI `moto[server]`) on a free loopback port, with SigV4 checking on.
final class MotoServer: @unchecked Sendable {
    let process = Process()
    let endpoint: String
    let accessKeyID: String
    let secretAccessKey: String

    static var available: Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import moto.server, boto3, flask_cors"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    init() async throws {
        let port = try Self.freePort()
        endpoint = "http://127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"]
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"  // CreateUser, CreateAccessKey, PutUserPolicy
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var ready = false
        for _ in 0..<100 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            ready = Self.accepts(port: port)
        }
        guard ready else {
            process.terminate()
            throw UploadError(.transport, "moto_server did not start on port \(port)")
        }
        let output = try Self.helper(["setup", endpoint])
        let keys = try JSONSerialization.jsonObject(with: output) as? [String: String] ?? [:]
        accessKeyID = keys["access_key_id"] ?? ""
        secretAccessKey = keys["secret_access_key"] ?? ""
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    func object(bucket: String, key: String) throws -> (body: String, contentType: String) {
        let output = try Self.helper(["get", endpoint, accessKeyID, secretAccessKey, bucket, key])
        let object = try JSONSerialization.jsonObject(with: output) as? [String: String] ?? [:]
        return (object["body"] ?? "", object["content_type"] ?? "")
    }

    static func helper(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "\(TestSupport.fixtures)/s3/moto_helper.py"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw UploadError(.transport, "moto_helper.py \(arguments[0]) failed") }
        return data
    }

    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw UploadError(.transport, "no free port") }
        return UInt16(bigEndian: address.sin_port)
    }

    static func accepts(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

@Suite("S3 upload against moto_server (SigV4 checked)", .enabled(if: MotoServer.available, "moto[server] not installed: pip install -r requirements/analysis.txt"))
struct S3UploadTests {
    static let account = "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf"
    static let checksummed = "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
    static let hash = String(repeating: "ab", count: 32)

    @Test func uploadsReportAndContractWithTheReferenceKeyLayout() async throws {
        let moto = try await MotoServer()
        defer { moto.stop() }
        let uploader = S3Uploader(configuration: S3Configuration(
            bucket: "qsp-reports", contractBucket: "qsp-contracts", endpoint: moto.endpoint,
            accessKeyID: moto.accessKeyID, secretAccessKey: moto.secretAccessKey
        ), httpClient: .shared)
        let report = Data("{\n  \"status\": \"success\"\n}".utf8)
        let uri = try await uploader.uploadReport(report, account: Self.account, auditHash: Self.hash.uppercased())
        #expect(uri == "\(moto.endpoint)/qsp-reports/\(Self.checksummed)/\(Self.hash).json")
        let stored = try moto.object(bucket: "qsp-reports", key: "\(Self.checksummed)/\(Self.hash).json")
        #expect(stored.body == String(decoding: report, as: UTF8.self))
        #expect(stored.contentType == "application/json")

        let contractURI = try await uploader.uploadContract(Data("contract A {}".utf8), account: Self.account, requestID: 42, fileName: "My Token+v2.sol")
        #expect(contractURI == "\(moto.endpoint)/qsp-contracts/\(Self.checksummed)/42/My%20Token%2Bv2.sol")
        #expect(try moto.object(bucket: "qsp-contracts", key: "\(Self.checksummed)/42/My Token+v2.sol").body == "contract A {}")
    }

    @Test func wrongSecretIsRejectedBySignatureCheck() async throws {
        let moto = try await MotoServer()
        defer { moto.stop() }
        let uploader = S3Uploader(configuration: S3Configuration(
            bucket: "qsp-reports", contractBucket: "qsp-contracts", endpoint: moto.endpoint,
            accessKeyID: moto.accessKeyID, secretAccessKey: "not-the-secret"
        ), httpClient: .shared)
        do {
            _ = try await uploader.uploadReport(Data("{}".utf8), account: Self.account, auditHash: Self.hash)
            Issue.record("upload with a wrong secret succeeded")
        } catch let error as UploadError {
            #expect(error.code == .http)
            #expect(error.status == 403)
            #expect(error.message.contains("SignatureDoesNotMatch"))
            #expect(!error.message.contains("not-the-secret"))
        }
    }
}

@Suite("Local uploaders and key checks")
struct LocalUploadTests {
    @Test func localDirectoryUsesTheS3KeyLayout() async throws {
        let root = TestSupport.temporaryDirectory()
        let uploader = LocalDirectoryUploader(directory: root)
        let uri = try await uploader.uploadReport(Data("{}".utf8), account: S3UploadTests.account, auditHash: S3UploadTests.hash)
        #expect(uri == "file://\(root)/reports/\(S3UploadTests.checksummed)/\(S3UploadTests.hash).json")
        let contract = try await uploader.uploadContract(Data("c".utf8), account: S3UploadTests.account, requestID: 3, fileName: "A.sol")
        #expect(FileManager.default.contents(atPath: URL(string: contract)!.path) == Data("c".utf8))
    }

    @Test func noUploaderWritesATempFileAndSkipsContracts() async throws {
        let uploader = NoUploader(directory: TestSupport.temporaryDirectory())
        let uri = try await uploader.uploadReport(Data("{}".utf8), account: "anything", auditHash: S3UploadTests.hash)
        #expect(uri.hasPrefix("file://") && uri.hasSuffix("\(S3UploadTests.hash).json"))
        #expect(try await uploader.uploadContract(Data(), account: "x", requestID: 1, fileName: "A.sol") == "")
    }

    @Test func badAccountHashOrFileNameIsRejected() async {
        let uploader = LocalDirectoryUploader(directory: TestSupport.temporaryDirectory())
        await #expect(throws: UploadError(.invalidInput, "")) { try await uploader.uploadReport(Data(), account: "0x123", auditHash: S3UploadTests.hash) }
        await #expect(throws: UploadError(.invalidInput, "")) { try await uploader.uploadReport(Data(), account: S3UploadTests.account, auditHash: "../x") }
        await #expect(throws: UploadError(.invalidInput, "")) {
            try await uploader.uploadContract(Data(), account: S3UploadTests.account, requestID: 1, fileName: "..")
        }
    }

    @Test func credentialsAreRedactedInDescriptions() {
        let configuration = S3Configuration(bucket: "b", contractBucket: "c", accessKeyID: "AKIAEXAMPLE", secretAccessKey: "s3cr3t")
        #expect(!"\(configuration)".contains("s3cr3t"))
        #expect(!"\(configuration)".contains("AKIAEXAMPLE"))
    }

    /// The example of the AWS SigV4 documentation ("GET Object", examplebucket, 20130524).
    @Test func signatureMatchesTheAWSDocumentationExample() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: 2013, month: 5, day: 24))!
        let headers = SigV4.sign(
            method: "GET", path: "/test.txt", headers: [("host", "examplebucket.s3.amazonaws.com"), ("range", "bytes=0-9")],
            payload: Data(), region: "us-east-1", service: "s3", accessKeyID: "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", date: date
        )
        let authorization = headers.first { $0.0 == "authorization" }?.1
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }
}
