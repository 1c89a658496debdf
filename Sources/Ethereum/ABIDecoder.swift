import Foundation

/// Bounds-checked ABI decoder over borrowed bytes.
///
/// Every offset and length is checked against the remaining data before anything is allocated, types nest at most
/// `ABIType.maxDepth` deep, and the total decoded output is capped (`budget`) so that offsets pointing at the same
/// data many times cannot blow up memory or time.
struct ABIDecoder {
    let buffer: UnsafeRawBufferPointer
    /// Remaining output units (bytes); an honest encoding never needs more than its own size.
    var budget: Int

    init(buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
        self.budget = 2 * buffer.count + 4096
    }

    @inline(__always)
    mutating func spend(_ units: Int) throws(ABIError) {
        budget -= units
        guard budget >= 0 else { throw .outputTooLarge(limit: 2 * buffer.count + 4096) }
    }

    /// Reads the 32-byte word at `position`.
    @inline(__always)
    func word(at position: Int) throws(ABIError) -> UInt256 {
        guard position >= 0, position <= buffer.count - 32 else {
            throw .dataTooShort(needed: 32, available: max(0, buffer.count - position), at: position)
        }
        return UInt256(word32At: buffer.baseAddress! + position)
    }

    /// Reads an offset/length word that must be at most `limit`.
    @inline(__always)
    func smallWord(at position: Int, limit: Int, isOffset: Bool) throws(ABIError) -> Int {
        let v = try word(at: position)
        guard let n = v.int, n <= limit else {
            throw isOffset ? .offsetOutOfRange(offset: v.hexQuantity, at: position)
                : .lengthOutOfRange(length: v.hexQuantity, at: position)
        }
        return n
    }

    mutating func decodeTuple(_ types: [ABIType], base: Int, depth: Int) throws(ABIError) -> [ABIValue] {
        guard depth < ABIType.maxDepth else { throw .nestingTooDeep(limit: ABIType.maxDepth) }
        var values: [ABIValue] = []
        values.reserveCapacity(types.count)
        var head = base
        for type in types {
            values.append(try decodeHead(type, head: head, base: base, depth: depth))
            head += type.headSize
        }
        return values
    }

    /// Decodes `count` elements of `element` laid out as a tuple starting at `base`.
    mutating func decodeSequence(_ element: ABIType, count: Int, base: Int, depth: Int) throws(ABIError) -> [ABIValue] {
        guard depth < ABIType.maxDepth else { throw .nestingTooDeep(limit: ABIType.maxDepth) }
        let headSize = element.headSize
        let available = buffer.count - base
        // Bound the element count by the data before allocating anything.
        guard headSize > 0, count <= available / headSize else {
            throw .dataTooShort(needed: count.multipliedReportingOverflow(by: headSize).overflow ? Int.max : count * headSize,
                                available: max(0, available), at: base)
        }
        try spend(count * 8)
        var values: [ABIValue] = []
        values.reserveCapacity(count)
        var head = base
        for _ in 0..<count {
            values.append(try decodeHead(element, head: head, base: base, depth: depth))
            head += headSize
        }
        return values
    }

    /// Decodes the value whose head is at `head` inside a tuple starting at `base`.
    @inline(__always)
    mutating func decodeHead(_ type: ABIType, head: Int, base: Int, depth: Int) throws(ABIError) -> ABIValue {
        if type.isDynamic {
            let offset = try smallWord(at: head, limit: buffer.count - base - 1, isOffset: true)
            return try decodeValue(type, at: base + offset, depth: depth + 1)
        }
        return try decodeValue(type, at: head, depth: depth + 1)
    }

    /// Decodes a value whose encoding starts at `position`.
    mutating func decodeValue(_ type: ABIType, at position: Int, depth: Int) throws(ABIError) -> ABIValue {
        switch type {
        case .uint(let bits):
            try spend(32)
            let v = try word(at: position)
            guard v.fitsUnsigned(bits: bits) else { throw .invalidEncoding(type: type.canonicalName, at: position) }
            return .uint(v)
        case .int(let bits):
            try spend(32)
            let v = try word(at: position)
            guard v.fitsSigned(bits: bits) else { throw .invalidEncoding(type: type.canonicalName, at: position) }
            return .int(v)
        case .address:
            try spend(32)
            let v = try word(at: position)
            guard v.w3 == 0, v.w2 >> 32 == 0 else { throw .invalidEncoding(type: "address", at: position) }
            let bytes = Data(UnsafeRawBufferPointer(rebasing: buffer[(position + 12)..<(position + 32)]))
            return .address(Address(unchecked: bytes))
        case .bool:
            try spend(32)
            let v = try word(at: position)
            guard v.w0 <= 1, v.w1 == 0, v.w2 == 0, v.w3 == 0 else { throw .invalidEncoding(type: "bool", at: position) }
            return .bool(v.w0 == 1)
        case .fixedBytes(let n):
            try spend(32)
            _ = try word(at: position)
            let slice = UnsafeRawBufferPointer(rebasing: buffer[position..<(position + 32)])
            guard slice[n...].allSatisfy({ $0 == 0 }) else { throw .invalidEncoding(type: type.canonicalName, at: position) }
            return .fixedBytes(Data(slice[..<n]))
        case .bytes, .string:
            let start = position + 32
            let length = try smallWord(at: position, limit: buffer.count - start, isOffset: false)
            try spend(32 + length)
            let slice = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + length)])
            if case .bytes = type { return .bytes(Data(slice)) }
            guard let string = String(validating: slice, as: UTF8.self) else { throw .invalidUTF8(at: start) }
            return .string(string)
        case .array(let element):
            let count = try smallWord(at: position, limit: buffer.count, isOffset: false)
            return .array(try decodeSequence(element, count: count, base: position + 32, depth: depth))
        case .fixedArray(let element, let k):
            return .array(try decodeSequence(element, count: k, base: position, depth: depth))
        case .tuple(let members):
            return .tuple(try decodeTuple(members, base: position, depth: depth))
        }
    }
}
