import Foundation

/// Solidity ABI encoding and decoding of value lists (the arguments or results of a call).
public enum ABICodec {
    /// Encodes `values` as the tuple `types` (no selector).
    public static func encode(_ values: [ABIValue], as types: [ABIType]) throws(ABIError) -> Data {
        var out = Data()
        try ABIEncoder.encodeTuple(values, types, into: &out, depth: 0)
        return out
    }

    /// Decodes `data` as the tuple `types`. Malformed data gives an `ABIError`, never a crash or a huge allocation.
    public static func decode(_ types: [ABIType], from data: Data) throws(ABIError) -> [ABIValue] {
        let result: Result<[ABIValue], ABIError> = data.withUnsafeBytes { raw in
            var decoder = ABIDecoder(buffer: raw)
            do throws(ABIError) {
                return .success(try decoder.decodeTuple(types, base: 0, depth: 0))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes one 32-byte word as an elementary type (used for indexed event topics).
    public static func decodeWord(_ type: ABIType, from word: Data) throws(ABIError) -> ABIValue {
        guard type.isElementary else { throw .typeMismatch(expected: "an elementary type", got: type.canonicalName) }
        guard word.count == 32 else { throw .dataTooShort(needed: 32, available: word.count, at: 0) }
        return try decode([type], from: word)[0]
    }
}

/// The recursive encoder behind `ABICodec.encode`.
enum ABIEncoder {
    static func word(_ v: UInt256, into out: inout Data) {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buf in
            v.storeWord32(to: buf.baseAddress!)
            out.append(contentsOf: UnsafeRawBufferPointer(buf))
        }
    }

    static func padded(_ bytes: Data, into out: inout Data) {
        out.append(bytes)
        let pad = (32 - bytes.count % 32) % 32
        if pad > 0 { out.append(Data(count: pad)) }
    }

    static func encodeTuple(_ values: [ABIValue], _ types: [ABIType], into out: inout Data, depth: Int) throws(ABIError) {
        guard values.count == types.count else { throw .valueCountMismatch(expected: types.count, got: values.count) }
        try encodeSequence(values, typeAt: { types[$0] }, into: &out, depth: depth)
    }

    static func encodeSequence(
        _ values: [ABIValue], typeAt: (Int) -> ABIType, into out: inout Data, depth: Int
    ) throws(ABIError) {
        guard depth < ABIType.maxDepth else { throw .nestingTooDeep(limit: ABIType.maxDepth) }
        var headLength = 0
        for i in values.indices {
            let (sum, overflow) = headLength.addingReportingOverflow(typeAt(i).headSize)
            guard !overflow else { throw .valueOutOfRange(type: typeAt(i).canonicalName, reason: "encoding too large") }
            headLength = sum
        }
        var head = Data()
        head.reserveCapacity(headLength)
        var tail = Data()
        for (i, value) in values.enumerated() {
            let type = typeAt(i)
            if type.isDynamic {
                word(UInt256(headLength + tail.count), into: &head)
                try encode(value, as: type, into: &tail, depth: depth + 1)
            } else {
                try encode(value, as: type, into: &head, depth: depth + 1)
            }
        }
        out.append(head)
        out.append(tail)
    }

    static func encode(_ value: ABIValue, as type: ABIType, into out: inout Data, depth: Int) throws(ABIError) {
        let mismatch = ABIError.typeMismatch(expected: type.canonicalName, got: value.kind)
        switch (type, value) {
        case (.uint(let bits), .uint(let v)):
            guard v.fitsUnsigned(bits: bits) else { throw .valueOutOfRange(type: type.canonicalName, reason: "\(v) needs more than \(bits) bits") }
            word(v, into: &out)
        case (.int(let bits), .int(let v)):
            guard v.fitsSigned(bits: bits) else { throw .valueOutOfRange(type: type.canonicalName, reason: "\(v.signedDecimalString) is outside the signed \(bits)-bit range") }
            word(v, into: &out)
        case (.int(let bits), .uint(let v)):
            guard !v.isNegativeInTwosComplement, v.fitsSigned(bits: bits) else { throw .valueOutOfRange(type: type.canonicalName, reason: "\(v) is above the signed \(bits)-bit maximum") }
            word(v, into: &out)
        case (.address, .address(let a)):
            out.append(Data(count: 12))
            out.append(a.bytes)
        case (.bool, .bool(let b)):
            word(b ? .one : .zero, into: &out)
        case (.fixedBytes(let n), .fixedBytes(let d)), (.fixedBytes(let n), .bytes(let d)):
            guard d.count == n else { throw .valueOutOfRange(type: type.canonicalName, reason: "needs exactly \(n) bytes, got \(d.count)") }
            padded(d, into: &out)
        case (.bytes, .bytes(let d)), (.bytes, .fixedBytes(let d)):
            word(UInt256(d.count), into: &out)
            padded(d, into: &out)
        case (.string, .string(let s)):
            let d = Data(s.utf8)
            word(UInt256(d.count), into: &out)
            padded(d, into: &out)
        case (.array(let element), .array(let items)):
            word(UInt256(items.count), into: &out)
            try encodeSequence(items, typeAt: { _ in element }, into: &out, depth: depth)
        case (.fixedArray(let element, let k), .array(let items)):
            guard items.count == k else { throw .valueOutOfRange(type: type.canonicalName, reason: "needs exactly \(k) elements, got \(items.count)") }
            try encodeSequence(items, typeAt: { _ in element }, into: &out, depth: depth)
        case (.tuple(let members), .tuple(let items)):
            try encodeTuple(items, members, into: &out, depth: depth)
        default:
            throw mismatch
        }
    }
}
