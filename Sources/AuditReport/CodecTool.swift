import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The logic of the `qsp-audit-node codec` command, kept here so the command file stays thin and testable.
public enum CodecTool {
    /// Largest input file the tool reads (reports and hex files); larger files are refused.
    public static let maxInputBytes = 64 << 20

    /// Reads a file of at most `limit` bytes, with an error that names the path.
    public static func readFile(_ path: String, limit: Int = maxInputBytes) throws(CodecError) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno)).lowercased()
            throw CodecError(.fileUnreadable, "cannot read \(path): \(reason)")
        }
        switch info.st_mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): break
        case mode_t(S_IFDIR): throw CodecError(.fileUnreadable, "cannot read \(path): it is a directory")
        default: throw CodecError(.fileUnreadable, "cannot read \(path): not a regular file (a FIFO, socket or device is refused)")
        }
        guard Int(info.st_size) <= limit else {
            throw CodecError(.fileUnreadable, "cannot read \(path): larger than \(limit >> 20) MiB")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CodecError(.fileUnreadable, "cannot read \(path): permission denied or not a regular file")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else {
                throw CodecError(.fileUnreadable, "cannot read \(path): larger than \(limit >> 20) MiB")
            }
            return data
        } catch let error as CodecError {
            throw error
        } catch {
            throw CodecError(.fileUnreadable, "cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// Encodes report JSON to uppercase hex; with `sanitize` the §3.5 repairs are applied and listed.
    public static func encode(reportJSON: Data, sanitize: Bool) throws(CodecError) -> (hex: String, adjustments: [String]) {
        let report = try ReportJSON.decode(reportJSON)
        if sanitize {
            let (data, adjustments) = CompressedReportCodec.encodeSanitized(report)
            return (data.hexString(prefixed: false, uppercase: true), adjustments)
        }
        return (try CompressedReportCodec.encode(report).hexString(prefixed: false, uppercase: true), [])
    }

    /// Longest hex accepted by `decode` (4 MiB of text, a 2 MiB report): far above what a block's gas can carry
    /// on chain, and it keeps decoding within tens of megabytes of memory.
    public static let maxHexCharacters = 4 << 20

    /// Decodes codec hex (either case, optional 0x) strictly into pretty report JSON ending in a newline.
    public static func decode(hex: String) throws(CodecError) -> Data {
        guard hex.utf8.count <= maxHexCharacters else {
            throw CodecError(.invalidHex, "the hex is \(hex.utf8.count) characters; a compressed report has at most \(maxHexCharacters) (\(maxHexCharacters >> 21) MiB)")
        }
        let report = try CompressedReportCodec.decode(hex: hex)
        var json = (try? ReportJSON.encode(report, pretty: true)) ?? Data()
        json.append(0x0A)
        return json
    }

    /// Uppercase hex of `data` without a prefix, as the reference renders compressed reports.
    public static func hex(_ data: Data) -> String {
        data.hexString(prefixed: false, uppercase: true)
    }
}
