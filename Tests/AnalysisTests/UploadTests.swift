import AsyncHTTPClient
import Foundation
import Testing
@testable import Analysis
@testable import ReportUpload

#if canImport(Glibc)
import Glibc
#endif

/// A moto_server (PyPI `moto[server]`) on a free loopback port, with SigV4 checking on. Runs under the
/// project's own process runner, so stopping it tears down its whole process group.
final class MotoServer: Sendable {
    let server: Task<ProcessOutcome, Never>
    let endpoint: String
    let accessKeyID: String
    let secretAccessKey: String

    static let python = ToolLocator.locate(binary: "python3", explicit: nil, environmentKey: "QSP_PYTHON", venv: ".venv") ?? "/usr/bin/python3"

    /// Whether python3 can import moto's server, boto3 and flask_cors (an asynchronous probe: a blocking
    /// `system()` would hold one of the few cooperative threads the whole parallel test run shares).
    static func isAvailable() async -> Bool {
        let probe = ProcessSpec(executable: python, arguments: ["-c", "import moto.server, boto3, flask_cors"])
        return await ProcessRunner.run(probe, limits: TestSupport.quickLimits).termination == .exited(0)
    }

    /// Runs `body` with a fresh server and always stops the server afterwards.
    static func with(_ body: (MotoServer) async throws -> Void) async throws {
        let moto = try await MotoServer()
        do {
            try await body(moto)
        } catch {
            await moto.stop()
            throw error
        }
        await moto.stop()
    }

    init() async throws {
        let port = try Self.freePort()
        endpoint = "http://127.0.0.1:\(port)"
        let spec = ProcessSpec(
            executable: Self.python, arguments: ["-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"],
            environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"]  // CreateUser, CreateAccessKey, PutUserPolicy
        )
        server = Task { await ProcessRunner.run(spec, limits: ResourceLimits(timeout: .seconds(300), gracePeriod: .seconds(1), maxOutputBytes: 1 << 20)) }
        var ready = false
        for _ in 0..<600 {  // up to 60 s: moto's imports are slow on a loaded machine
            try await Task.sleep(for: .milliseconds(100))
            ready = Self.accepts(port: port)
            if ready { break }
        }
        guard ready else {
            server.cancel()
            throw UploadError(.transport, "moto_server did not start on port \(port)")
        }
        let output = try await Self.helper(["setup", endpoint])
        let keys = try JSONSerialization.jsonObject(with: output) as? [String: String] ?? [:]
        accessKeyID = keys["access_key_id"] ?? ""
        secretAccessKey = keys["secret_access_key"] ?? ""
    }

    func stop() async {
        server.cancel()
        _ = await server.value
    }

    func object(bucket: String, key: String) async throws -> (body: String, contentType: String) {
        let output = try await Self.helper(["get", endpoint, accessKeyID, secretAccessKey, bucket, key])
        let object = try JSONSerialization.jsonObject(with: output) as? [String: String] ?? [:]
        return (object["body"] ?? "", object["content_type"] ?? "")
    }

    static func helper(_ arguments: [String]) async throws -> Data {
        let outcome = await ProcessRunner.run(
            ProcessSpec(executable: python, arguments: ["\(TestSupport.fixtures)/s3/moto_helper.py"] + arguments),
            limits: TestSupport.quickLimits
        )
        guard outcome.termination == .exited(0) else {
            throw UploadError(.transport, "moto_helper.py \(arguments[0]) failed: \(outcome.stderrText.suffix(500))")
        }
        return outcome.stdout
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

@Suite("S3 upload against moto_server (SigV4 checked)", .enabled("moto[server] not installed: pip install -r requirements/analysis.txt") { await MotoServer.isAvailable() })
struct S3UploadTests {
    static let account = "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf"
    static let checksummed = "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
    static let hash = String(repeating: "ab", count: 32)

    @Test func uploadsReportAndContractWithTheReferenceKeyLayout() async throws {
        try await MotoServer.with { moto in
            let uploader = S3Uploader(configuration: S3Configuration(
                bucket: "qsp-reports", contractBucket: "qsp-contracts", endpoint: moto.endpoint,
                accessKeyID: moto.accessKeyID, secretAccessKey: moto.secretAccessKey
            ), httpClient: .shared)
            let report = Data("{\n  \"status\": \"success\"\n}".utf8)
            let uri = try await uploader.uploadReport(report, account: Self.account, auditHash: Self.hash.uppercased())
            #expect(uri == "\(moto.endpoint)/qsp-reports/\(Self.checksummed)/\(Self.hash).json")
            let stored = try await moto.object(bucket: "qsp-reports", key: "\(Self.checksummed)/\(Self.hash).json")
            #expect(stored.body == String(decoding: report, as: UTF8.self))
            #expect(stored.contentType == "application/json")

            // A space must be percent-encoded in the URL and the signature. ('+' would work against S3 but moto
            // 5.2.1 rejects it even from boto3: it signs '+' differently from the client.)
            let contractURI = try await uploader.uploadContract(
                Data("contract A {}".utf8), account: Self.account, requestID: 42, fileName: "My Token v2.sol")
            #expect(contractURI == "\(moto.endpoint)/qsp-contracts/\(Self.checksummed)/42/My%20Token%20v2.sol")
            let contract = try await moto.object(bucket: "qsp-contracts", key: "\(Self.checksummed)/42/My Token v2.sol")
            #expect(contract.body == "contract A {}")
            #expect(contract.contentType == "text/html")
        }
    }

    @Test func wrongSecretIsRejectedBySignatureCheck() async throws {
        try await MotoServer.with { moto in
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
