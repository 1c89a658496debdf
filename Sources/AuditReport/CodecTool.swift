import Foundation

/// The logic of the `qsp-audit-node codec` command, kept here so the command file stays thin and testable.
public enum CodecTool {
    /// Largest input file the tool reads (reports and hex files); larger files are refused.
    public static let maxInputBytes = 64 << 20

    /// Reads a file of at most `limit` bytes, with an error that names the path.
    public static func readFile(_ path: String, limit: Int = maxInputBytes) throws(CodecError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CodecError(.fileUnreadable, "cannot read \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw CodecError(.fileUnreadable, "cannot read \(path): it is a directory") }
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
            return (Hex.encode(data, uppercase: true), adjustments)
        }
        return (Hex.encode(try CompressedReportCodec.encode(report), uppercase: true), [])
    }

    /// Decodes codec hex (either case, optional 0x) strictly into pretty report JSON ending in a newline.
    public static func decode(hex: String) throws(CodecError) -> Data {
        let report = try CompressedReportCodec.decode(hex: hex)
        var json = (try? ReportJSON.encode(report, pretty: true)) ?? Data()
        json.append(0x0A)
        return json
    }

    /// Uppercase hex of `data` without a prefix, as the reference renders compressed reports.
    public static func hex(_ data: Data) -> String {
        Hex.encode(data, uppercase: true)
    }
}
