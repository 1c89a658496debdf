public import Foundation
import QSPCore

/// Uploads disabled: like the reference, the report is written to a temp file that is never deleted and its
/// `file://` URI is the `audit_uri`; contracts are not stored (an empty URI is returned).
public struct NoUploader: ReportUploader {
    /// Where reports go (default: `<tmp>/qsp-audit-node/reports`).
    public let directory: String

    /// Creates the uploader.
    public init(directory: String? = nil) {
        self.directory = directory ?? "\(FileManager.default.temporaryDirectory.path)/qsp-audit-node/reports"
    }

    public func uploadReport(_ json: Data, account: String, auditHash: String) async throws -> String {
        let hash = try UploadKeys.auditHash(auditHash)
        // A convenience copy (the report is in the event store): atomic, but not worth an fsync per audit.
        return try LocalFiles.write(json, to: "\(directory)/\(hash).json", durable: false)
    }

    public func uploadContract(_ source: Data, account: String, requestID: Int, fileName: String) async throws -> String {
        ""
    }
}

/// Stores reports and contracts under a local directory with the S3 key layout of §6.3:
/// `<dir>/reports/<checksummed account>/<audit_hash>.json` and `<dir>/contracts/<account>/<request_id>/<file>`.
public struct LocalDirectoryUploader: ReportUploader {
    /// The root directory.
    public let directory: String

    /// Creates the uploader.
    public init(directory: String) {
        self.directory = directory
    }

    public func uploadReport(_ json: Data, account: String, auditHash: String) async throws -> String {
        let key = "\(try UploadKeys.account(account))/\(try UploadKeys.auditHash(auditHash)).json"
        return try LocalFiles.write(json, to: "\(directory)/reports/\(key)")
    }

    public func uploadContract(_ source: Data, account: String, requestID: Int, fileName: String) async throws -> String {
        let key = "\(try UploadKeys.account(account))/\(requestID)/\(try UploadKeys.fileName(fileName))"
        return try LocalFiles.write(source, to: "\(directory)/contracts/\(key)")
    }
}

enum LocalFiles {
    /// Writes `data` to `path` atomically (readers see the old file or the new one, never a torn one); `durable`
    /// also flushes it to disk before it replaces the old one.
    static func write(_ data: Data, to path: String, durable: Bool = true) throws(UploadError) -> String {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if durable {
                try data.write(to: url, options: .atomic)
            } else {
                try ScratchFile.replace(path, with: data)
            }
        } catch let error as ScratchFile.WriteError {
            throw UploadError(.io, "\(error); check the directory's permissions and free space")
        } catch {
            throw UploadError(.io, "could not write \(path): \(error.localizedDescription); check the directory's permissions and free space")
        }
        return url.absoluteString
    }
}
