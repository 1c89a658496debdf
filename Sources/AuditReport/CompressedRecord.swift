import Foundation

extension CompressedReportCodec {
    /// One vulnerability record of the compressed encoding; equal records have equal bit strings.
    struct Record: Hashable {
        let typeID: UInt8
        let startLine: Int
        /// `end_line − start_line` in 1…255, or nil for "no end line".
        let span: Int?

        /// Builds a record with the reference encoder's checks and their order.
        init(type: String, instance: VulnerabilityInstance) throws(CodecError) {
            guard let start = instance.startLine else {
                throw CodecError(
                    .missingLine,
                    "\(type) instance ref_id \(instance.refID) has a null start_line; every instance needs a line")
            }
            guard let id = VulnerabilityTypes.id(of: type) else {
                throw CodecError(
                    .unknownVulnerabilityType,
                    "vulnerability type \"\(type.prefix(80))\" is not in the codec v1 table (vulnerability_types.json)")
            }
            guard (0...CompressedReportCodec.maxStartLine).contains(start) else {
                throw CodecError(
                    .lineOutOfRange,
                    "\(type) start_line \(start) is outside 0…\(CompressedReportCodec.maxStartLine) (15 bits)")
            }
            let end = instance.endLine ?? 0
            if end == 0 || end == start {
                span = nil
            } else {
                let (diff, overflow) = end.subtractingReportingOverflow(start)
                guard !overflow, diff > 0 else {
                    throw CodecError(.endLineOutOfRange, "\(type) end_line \(end) is before start_line \(start)")
                }
                guard diff <= CompressedReportCodec.maxLineSpan else {
                    throw CodecError(
                        .endLineOutOfRange,
                        "\(type) lines \(start)…\(end) span \(diff) lines; at most \(CompressedReportCodec.maxLineSpan) can be encoded")
                }
                span = diff
            }
            typeID = id
            startLine = start
        }

        /// Builds an already-valid record (used by the sanitizer).
        init(typeID: UInt8, startLine: Int, span: Int?) {
            self.typeID = typeID
            self.startLine = startLine
            self.span = span
        }

        func append(to data: inout Data) {
            let hasEnd: UInt8 = span == nil ? 0 : 0x80
            data.append(typeID)
            data.append(hasEnd | UInt8(startLine >> 8))
            data.append(UInt8(startLine & 0xFF))
            if let span { data.append(UInt8(span)) }
        }
    }
}
