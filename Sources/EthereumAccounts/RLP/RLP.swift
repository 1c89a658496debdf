import Foundation

/// Recursive Length Prefix encoding and strict (canonical-only) decoding, as in the Ethereum Yellow Paper, appendix B.
public enum RLP {
    /// The deepest list nesting `decode` accepts by default; transactions need 4.
    public static let defaultMaximumDepth = 64

    /// Encodes an item.
    public static func encode(_ item: RLPItem) -> Data {
        let length = encodedLength(of: item)
        var out = Data(count: length)
        out.withUnsafeMutableBytes { raw in
            var cursor = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            write(item, to: &cursor)
        }
        return out
    }

    /// Decodes exactly one item that must span all of `data`.
    ///
    /// Non-canonical encodings are rejected: a single byte below 0x80 wrapped as a string, lengths with leading
    /// zeros, the long form for lengths below 56, trailing bytes, and items that overrun their input or list.
    public static func decode(_ data: Data, maximumDepth: Int = defaultMaximumDepth) throws(RLPError) -> RLPItem {
        guard !data.isEmpty else { throw RLPError(.emptyInput, offset: 0) }
        let bytes = [UInt8](data)
        let decoder = RLPDecoder(bytes: bytes, maximumDepth: maximumDepth)
        let (item, end) = try decoder.item(at: 0, limit: bytes.count, depth: 0)
        guard end == bytes.count else { throw RLPError(.trailingBytes, offset: end) }
        return item
    }

    // MARK: Encoding

    /// The number of bytes `encode(item)` produces.
    static func encodedLength(of item: RLPItem) -> Int {
        switch item {
        case .bytes(let data):
            if data.count == 1, data[data.startIndex] < 0x80 { return 1 }
            return headerLength(payload: data.count) + data.count
        case .list(let items):
            let payload = items.reduce(0) { $0 + encodedLength(of: $1) }
            return headerLength(payload: payload) + payload
        }
    }

    private static func headerLength(payload: Int) -> Int {
        payload < 56 ? 1 : 1 + byteCount(of: payload)
    }

    private static func byteCount(of value: Int) -> Int {
        (Int.bitWidth - value.leadingZeroBitCount + 7) / 8
    }

    /// Writes `item` at `cursor` (which has room for `encodedLength(of: item)` bytes) and advances it.
    private static func write(_ item: RLPItem, to cursor: inout UnsafeMutablePointer<UInt8>) {
        switch item {
        case .bytes(let data):
            if data.count == 1, data[data.startIndex] < 0x80 {
                cursor.pointee = data[data.startIndex]
                cursor += 1
            } else {
                writeHeader(payload: data.count, offset: 0x80, to: &cursor)
                data.copyBytes(to: cursor, count: data.count)
                cursor += data.count
            }
        case .list(let items):
            let payload = items.reduce(0) { $0 + encodedLength(of: $1) }
            writeHeader(payload: payload, offset: 0xc0, to: &cursor)
            for element in items { write(element, to: &cursor) }
        }
    }

    private static func writeHeader(payload: Int, offset: UInt8, to cursor: inout UnsafeMutablePointer<UInt8>) {
        if payload < 56 {
            cursor.pointee = offset + UInt8(payload)
            cursor += 1
            return
        }
        let count = byteCount(of: payload)
        cursor.pointee = offset + 55 + UInt8(count)
        cursor += 1
        for index in stride(from: count - 1, through: 0, by: -1) {
            cursor.pointee = UInt8(truncatingIfNeeded: payload >> (8 * index))
            cursor += 1
        }
    }
}

/// A cursor over RLP input that enforces canonical form and a nesting limit.
private struct RLPDecoder {
    let bytes: [UInt8]
    let maximumDepth: Int

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// Decodes the item starting at `offset`, which must end at or before `limit`; returns it and where it ends.
    func item(at offset: Int, limit: Int, depth: Int) throws(RLPError) -> (RLPItem, Int) {
        let header = try self.header(at: offset, limit: limit)
        let payloadEnd = header.payloadStart + header.payloadLength
        if !header.isList {
            let payload = Data(bytes[header.payloadStart..<payloadEnd])
            return (.bytes(payload), payloadEnd)
        }
        guard depth < maximumDepth else { throw RLPError(.depthExceeded(limit: maximumDepth), offset: offset) }
        var elements: [RLPItem] = []
        var cursor = header.payloadStart
        while cursor < payloadEnd {
            let (element, next) = try item(at: cursor, limit: payloadEnd, depth: depth + 1)
            elements.append(element)
            cursor = next
        }
        return (.list(elements), payloadEnd)
    }

    private struct Header {
        var isList: Bool
        var payloadStart: Int
        var payloadLength: Int
    }

    private func header(at offset: Int, limit: Int) throws(RLPError) -> Header {
        guard offset < limit else { throw RLPError(.truncated, offset: offset) }
        let prefix = bytes[offset]
        switch prefix {
        case 0x00...0x7f:
            return Header(isList: false, payloadStart: offset, payloadLength: 1)
        case 0x80...0xb7:
            let length = Int(prefix - 0x80)
            try checkFits(start: offset + 1, length: length, limit: limit, itemOffset: offset)
            if length == 1, bytes[offset + 1] < 0x80 { throw RLPError(.nonCanonicalSingleByte, offset: offset) }
            return Header(isList: false, payloadStart: offset + 1, payloadLength: length)
        case 0xb8...0xbf:
            return try longHeader(at: offset, lengthOfLength: Int(prefix - 0xb7), isList: false, limit: limit)
        case 0xc0...0xf7:
            let length = Int(prefix - 0xc0)
            try checkFits(start: offset + 1, length: length, limit: limit, itemOffset: offset)
            return Header(isList: true, payloadStart: offset + 1, payloadLength: length)
        default:
            return try longHeader(at: offset, lengthOfLength: Int(prefix - 0xf7), isList: true, limit: limit)
        }
    }

    private func longHeader(at offset: Int, lengthOfLength: Int, isList: Bool, limit: Int) throws(RLPError) -> Header {
        let lengthStart = offset + 1
        guard lengthOfLength <= limit - lengthStart else { throw RLPError(.truncated, offset: offset) }
        guard bytes[lengthStart] != 0 else { throw RLPError(.leadingZeroInLength, offset: offset) }
        var length = 0
        for index in lengthStart..<(lengthStart + lengthOfLength) {
            // Any length that needs more than 7 bytes is far beyond what an in-memory input can hold.
            guard length <= (Int.max >> 8) else { throw RLPError(.truncated, offset: offset) }
            length = length << 8 | Int(bytes[index])
        }
        guard length >= 56 else { throw RLPError(.longFormForShortLength, offset: offset) }
        let payloadStart = lengthStart + lengthOfLength
        try checkFits(start: payloadStart, length: length, limit: limit, itemOffset: offset)
        return Header(isList: isList, payloadStart: payloadStart, payloadLength: length)
    }

    private func checkFits(start: Int, length: Int, limit: Int, itemOffset: Int) throws(RLPError) {
        guard length <= limit - start else { throw RLPError(.truncated, offset: itemOffset) }
    }
}
