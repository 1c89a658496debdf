public import AsyncHTTPClient
public import Foundation
import NIOCore

/// Where and how to reach S3.
public struct S3Configuration: Sendable, Hashable {
    /// Bucket for reports (`bucket_name`).
    public var bucket: String
    /// Bucket for contracts (`contract_bucket_name`).
    public var contractBucket: String
    /// AWS region used in the signature scope.
    public var region: String
    /// Service endpoint (path-style addressing); default `https://s3.amazonaws.com`.
    public var endpoint: String
    /// Access key id.
    public var accessKeyID: String
    /// Secret access key (never logged or shown in descriptions).
    public var secretAccessKey: String
    /// Session token for temporary credentials.
    public var sessionToken: String?
    /// Per-request timeout.
    public var timeout: Duration

    /// The public AWS endpoint.
    public static let defaultEndpoint = "https://s3.amazonaws.com"

    /// Creates a configuration.
    public init(
        bucket: String, contractBucket: String, region: String = "us-east-1", endpoint: String = S3Configuration.defaultEndpoint,
        accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, timeout: Duration = .seconds(60)
    ) {
        self.bucket = bucket
        self.contractBucket = contractBucket
        self.region = region
        self.endpoint = endpoint
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.timeout = timeout
    }
}

extension S3Configuration: CustomStringConvertible {
    /// Redacts the credentials.
    public var description: String {
        "S3Configuration(bucket: \(bucket), contractBucket: \(contractBucket), region: \(region), endpoint: \(endpoint), accessKeyID: \(accessKeyID.prefix(4))…)"
    }
}

/// Uploads to S3 with AWS Signature Version 4 over AsyncHTTPClient (path-style URLs).
/// Report key `<checksummed account>/<audit_hash>.json` (application/json); contract key
/// `<account>/<request_id>/<file name>` (text/html, as the reference). Returns
/// `https://s3.amazonaws.com/<bucket>/<key>`, or `<endpoint>/<bucket>/<key>` for other endpoints.
public struct S3Uploader: ReportUploader {
    /// The configuration.
    public let configuration: S3Configuration
    /// The HTTP client (owned by the caller).
    public let httpClient: HTTPClient
    /// Largest error body read from S3.
    static let maxErrorBody = 64 * 1024

    /// Creates the uploader.
    public init(configuration: S3Configuration, httpClient: HTTPClient) {
        self.configuration = configuration
        self.httpClient = httpClient
    }

    public func uploadReport(_ json: Data, account: String, auditHash: String) async throws -> String {
        let key = "\(try UploadKeys.account(account))/\(try UploadKeys.auditHash(auditHash)).json"
        return try await put(json, bucket: configuration.bucket, key: key, contentType: "application/json")
    }

    public func uploadContract(_ source: Data, account: String, requestID: Int, fileName: String) async throws -> String {
        let key = "\(try UploadKeys.account(account))/\(requestID)/\(try UploadKeys.fileName(fileName))"
        return try await put(source, bucket: configuration.contractBucket, key: key, contentType: "text/html")
    }

    /// PUTs one object and returns its URL.
    func put(_ body: Data, bucket: String, key: String, contentType: String) async throws -> String {
        guard let endpoint = URL(string: configuration.endpoint), let host = endpoint.host, let scheme = endpoint.scheme else {
            throw UploadError(.invalidInput, "S3 endpoint '\(configuration.endpoint)' is not a URL like https://s3.amazonaws.com")
        }
        let path = "/\(SigV4.uriEncode(bucket, keepSlash: false))/\(SigV4.uriEncode(key, keepSlash: true))"
        let hostHeader = endpoint.port.map { "\(host):\($0)" } ?? host
        var headers = [("host", hostHeader), ("content-type", contentType)]
        if let token = configuration.sessionToken { headers.append(("x-amz-security-token", token)) }
        let signed = SigV4.sign(
            method: "PUT", path: path, headers: headers, payload: body, region: configuration.region,
            service: "s3", accessKeyID: configuration.accessKeyID, secretAccessKey: configuration.secretAccessKey,
            date: Date()
        )
        var request = HTTPClientRequest(url: "\(scheme)://\(hostHeader)\(path)")
        request.method = .PUT
        for (name, value) in signed { request.headers.replaceOrAdd(name: name, value: value) }
        request.headers.replaceOrAdd(name: "content-length", value: "\(body.count)")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .seconds(configuration.timeout.components.seconds))
        } catch {
            throw UploadError(.transport, "S3 upload of \(key) to \(configuration.endpoint) failed: \(error); check the endpoint and network")
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let body = (try? await response.body.collect(upTo: Self.maxErrorBody)).map { String(buffer: $0) } ?? ""
            let code = Self.xmlValue("Code", in: body) ?? response.status.reasonPhrase
            throw UploadError(
                .http, "S3 rejected the upload of \(key) to bucket \(bucket): HTTP \(response.status.code) \(code); check the credentials, region and bucket",
                status: Int(response.status.code)
            )
        }
        _ = try? await response.body.collect(upTo: Self.maxErrorBody)
        let base = configuration.endpoint == S3Configuration.defaultEndpoint ? S3Configuration.defaultEndpoint : "\(scheme)://\(hostHeader)"
        return "\(base)\(path)"
    }

    static func xmlValue(_ tag: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(tag)>"), let end = xml.range(of: "</\(tag)>", range: start.upperBound..<xml.endIndex) else { return nil }
        return String(xml[start.upperBound..<end.lowerBound].prefix(200))
    }
}
