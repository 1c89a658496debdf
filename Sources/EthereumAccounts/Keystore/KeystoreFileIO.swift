import Ethereum
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Keystore {
    /// The largest keystore file `decrypt(fileAt:)` reads; real ones are under 1 KiB.
    public static let maximumFileSize = 1 << 20

    /// Reads and decrypts the keystore file at `path`.
    public static func decrypt(fileAt path: String, passphrase: String) throws(KeystoreError) -> PrivateKey {
        try decrypt(json: readFile(path), passphrase: passphrase)
    }

    /// Reads a keystore file, refusing anything larger than `maximumFileSize`.
    public static func readFile(_ path: String) throws(KeystoreError) -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw KeystoreError(.fileUnreadable(path: path, reason: "no such file or not accessible"))
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw KeystoreError(.fileUnreadable(path: path, reason: "not a regular file"))
        }
        guard let size = attributes[.size] as? Int, size <= maximumFileSize else {
            throw KeystoreError(.fileUnreadable(path: path, reason: "larger than \(maximumFileSize) bytes"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeystoreError(.fileUnreadable(path: path, reason: "permission denied or read error"))
        }
        return data
    }

    /// Creates `path` with mode 0600 and writes `json` to it; fails if the file already exists.
    public static func writeNewFile(_ json: Data, to path: String) throws(KeystoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { throw KeystoreError(.fileExists(path: path)) }
            throw KeystoreError(.fileWriteFailed(path: path, reason: String(cString: strerror(code))))
        }
        var failure: Int32 = 0
        _ = fchmod(descriptor, 0o600)  // independent of the umask
        json.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(path)
            throw KeystoreError(.fileWriteFailed(path: path, reason: String(cString: strerror(failure))))
        }
    }

    /// geth's file name for a new keystore: `UTC--<ISO 8601 time>--<address without 0x>`.
    public static func defaultFileName(for address: Address, date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let stamp = formatter.string(from: date).replacingOccurrences(of: ":", with: "-")
        return "UTC--\(stamp)--\(address.bytes.hexString(prefixed: false))"
    }
}
