import CFuzzerDriver
import AuditReport
import Foundation

/// libFuzzer entry point for the compressed report codec (protocol §3.5). The first byte picks the path:
/// - 0: binary `decode`; a decoded report must encode again, and re-encoding is a fixed point (round trip);
/// - 1: `CodecTool.decode(hex:)`, the `codec decode` command on the rest as text;
/// - 2: `CodecTool.encode(reportJSON:sanitize:)`, the `codec encode` command on the rest as report JSON,
///   strict and sanitized. A sanitized encoding must always decode.
/// Any other first byte: the whole input goes through the binary decoder.
/// Every failure must be a thrown `CodecError`; a trap is a crash for libFuzzer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCodec(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Data(UnsafeBufferPointer(start: start, count: count))
    guard let mode = input.first else { return 0 }
    let rest = input.dropFirst()
    switch mode {
    case 0:
        roundTrip(Data(rest))
    case 1:
        _ = try? CodecTool.decode(hex: String(decoding: rest, as: UTF8.self))
    case 2:
        _ = try? CodecTool.encode(reportJSON: Data(rest), sanitize: false)
        if let sanitized = try? CodecTool.encode(reportJSON: Data(rest), sanitize: true) {
            do {
                _ = try CodecTool.decode(hex: sanitized.hex)
            } catch {
                preconditionFailure("a sanitized encoding does not decode: \(error)")
            }
        }
    default:
        roundTrip(input)
    }
    return 0
}

/// Decoding then encoding normalises a report (the encoder drops duplicate records and zero end-line spans, as
/// the reference does), so the property is a fixed point: a decoded report always encodes, and decoding and
/// encoding that encoding gives the same bytes again.
private func roundTrip(_ data: Data) {
    guard let report = try? CompressedReportCodec.decode(data) else { return }
    do {
        let first = try CompressedReportCodec.encode(report)
        let second = try CompressedReportCodec.encode(try CompressedReportCodec.decode(first))
        precondition(first == second, "encode(decode(encode(decode(x)))) differs from encode(decode(x))")
    } catch {
        preconditionFailure("a decoded report does not encode again: \(error)")
    }
}

/// The executable's entry point (see CFuzzerDriver): libFuzzer's driver with ``fuzzCodec(_:_:)`` as the target.
@_cdecl("FuzzCodec_main")
public func fuzzCodecMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzCodec(data, size)
    }
}
