import Foundation
import Testing
import Ethereum

/// One line of `Vectors/uint256-arithmetic.json` (computed with Python's arbitrary-precision integers).
struct UInt256Vector: Decodable {
    let a, b, aDec, sum, diff, prod: String
    let sumOverflow, diffOverflow, prodOverflow: Bool
    let quot, rem: String?
}

@Suite("UInt256")
struct UInt256Tests {
    static let maxDecimal = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    static func vectors() throws -> [UInt256Vector] {
        let url = try #require(Bundle.module.url(forResource: "uint256-arithmetic", withExtension: "json", subdirectory: "Vectors"))
        return try JSONDecoder().decode([UInt256Vector].self, from: Data(contentsOf: url))
    }

    static func hex(_ s: String) throws -> UInt256 { try #require(UInt256(hexString: s)) }

    @Test func pythonComputedArithmetic() throws {
        let vectors = try Self.vectors()
        #expect(vectors.count == 300)
        for v in vectors {
            let a = try Self.hex(v.a), b = try Self.hex(v.b)
            #expect(a.decimalString == v.aDec)
            #expect(UInt256(decimalString: v.aDec) == a)
            #expect(a.hexQuantity == v.a)
            let sum = a.addingReportingOverflow(b), expectedSum = try Self.hex(v.sum)
            #expect(sum.partialValue == expectedSum && sum.overflow == v.sumOverflow, "\(v.a) + \(v.b)")
            let diff = a.subtractingReportingOverflow(b), expectedDiff = try Self.hex(v.diff)
            #expect(diff.partialValue == expectedDiff && diff.overflow == v.diffOverflow, "\(v.a) - \(v.b)")
            let prod = a.multipliedReportingOverflow(by: b), expectedProd = try Self.hex(v.prod)
            #expect(prod.partialValue == expectedProd && prod.overflow == v.prodOverflow, "\(v.a) * \(v.b)")
            if let quot = v.quot, let rem = v.rem {
                let (q, r) = a.quotientAndRemainder(dividingBy: b)
                let expectedQ = try Self.hex(quot), expectedR = try Self.hex(rem)
                #expect(q == expectedQ && r == expectedR, "\(v.a) / \(v.b)")
                #expect(a / b == q && a % b == r)
            }
        }
    }

    @Test func limbBoundaries() throws {
        let two64 = UInt256(UInt64.max) + 1
        #expect(two64.decimalString == "18446744073709551616")
        #expect(two64.hexQuantity == "0x10000000000000000")
        #expect(two64.uint64 == nil)
        #expect((two64 - 1).uint64 == UInt64.max)
        let two128 = two64 * two64
        #expect(two128.decimalString == "340282366920938463463374607431768211456")
        #expect(two128 / two64 == two64)
        #expect(two128 % (two64 + 1) == 1)  // 2^128 = (2^64+1)(2^64-1) + 1
        #expect(UInt256.max.decimalString == Self.maxDecimal)
        #expect(UInt256(decimalString: Self.maxDecimal) == .max)
        #expect(UInt256.max.hexQuantity == "0x" + String(repeating: "f", count: 64))
        #expect(UInt256.max / .max == 1)
        #expect(UInt256.max % .max == 0)
        #expect(UInt256.max / 1 == .max)
        #expect(UInt256.max / 10 == UInt256(decimalString: String(Self.maxDecimal.dropLast())))
        #expect(UInt256.max % 10 == 5)
        #expect(UInt256.max.addingReportingOverflow(1) == (partialValue: .zero, overflow: true))
        #expect(UInt256.zero.subtractingReportingOverflow(1) == (partialValue: .max, overflow: true))
        #expect(UInt256.max.multipliedReportingOverflow(by: 2) == (partialValue: .max - 1, overflow: true))
        #expect((UInt256.max >> 255) == 1)
        #expect((UInt256.one << 255) >> 255 == 1)
        #expect((UInt256.one << 256) == 0)
        #expect(UInt256.one << 64 == two64)
        #expect(UInt256.max.leadingZeroBitCount == 0 && UInt256.zero.leadingZeroBitCount == 256)
    }

    @Test func parsingRejectsGarbage() {
        #expect(UInt256(decimalString: "") == nil)
        #expect(UInt256(decimalString: "-1") == nil)
        #expect(UInt256(decimalString: "12a") == nil)
        #expect(UInt256(decimalString: "115792089237316195423570985008687907853269984665640564039457584007913129639936") == nil)
        #expect(UInt256(decimalString: "000000000000000000000000000000000000000000000000000000000000000000000000000000000001") == 1)
        #expect(UInt256(hexString: "0x") == nil)
        #expect(UInt256(hexString: "") == nil)
        #expect(UInt256(hexString: "0xg") == nil)
        #expect(UInt256(hexString: "0x1" + String(repeating: "0", count: 64)) == nil)
        #expect(UInt256(hexString: "0x000" + String(repeating: "f", count: 64)) == .max)
        #expect(UInt256(hexString: "ff") == 255)
        #expect(UInt256(hexString: "0X0") == 0)
        #expect(UInt256("0x10") == 16)
        #expect(UInt256("10") == 10)
    }

    @Test func bigEndianBytes() throws {
        let v = try Self.hex("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
        #expect(v.bigEndianBytes == Data((1...32).map { UInt8($0) }))
        #expect(UInt256(bigEndian: Data((1...32).map { UInt8($0) })) == v)
        #expect(UInt256(bigEndian: Data([0x01, 0x00])) == 256)
        #expect(UInt256(bigEndian: Data()) == 0)
        #expect(UInt256(bigEndian: Data(count: 33)) == 0)
        #expect(UInt256(bigEndian: Data([1]) + Data(count: 32)) == nil)
        #expect(UInt256(bigEndian: [UInt8](repeating: 0xff, count: 32)) == .max)
        #expect(UInt256(0).minimalBigEndianBytes == Data())
        #expect(UInt256(0x1234).minimalBigEndianBytes == Data([0x12, 0x34]))
        #expect(UInt256.max.minimalBigEndianBytes.count == 32)
        #expect(UInt256(0).bigEndianBytes == Data(count: 32))
    }

    @Test func decimalRoundTripOfPowersAndNeighbours() {
        var p = UInt256.one
        for _ in 0..<77 {
            for v in [p, p &- 1, p &+ 1] {
                #expect(UInt256(decimalString: v.decimalString) == v)
                #expect(UInt256(hexString: v.hexQuantity) == v)
            }
            p = p * 10
        }
    }

    @Test func divisionInvariantOnMixedSizes() throws {
        let values = try Self.vectors().map { try Self.hex($0.a) }
        for (i, a) in values.enumerated() {
            let b = values[(i * 7 + 3) % values.count]
            guard !b.isZero else { continue }
            let (q, r) = a.quotientAndRemainder(dividingBy: b)
            #expect(r < b)
            let (qb, o1) = q.multipliedReportingOverflow(by: b)
            let (back, o2) = qb.addingReportingOverflow(r)
            #expect(!o1 && !o2 && back == a)
        }
    }

    @Test func codable() throws {
        struct Box: Codable, Equatable { let v: UInt256 }
        #expect(String(decoding: try JSONEncoder().encode(Box(v: 255)), as: UTF8.self) == #"{"v":"0xff"}"#)
        #expect(String(decoding: try JSONEncoder().encode(Box(v: 0)), as: UTF8.self) == #"{"v":"0x0"}"#)
        let decode = { (json: String) throws -> UInt256 in try JSONDecoder().decode(Box.self, from: Data(json.utf8)).v }
        #expect(try decode(#"{"v":"0x1f"}"#) == 31)
        #expect(try decode(#"{"v":"31"}"#) == 31)
        #expect(try decode(#"{"v":31}"#) == 31)
        #expect(try decode(#"{"v":18446744073709551616}"#) == UInt256(UInt64.max) + 1)
        #expect(try decode(#"{"v":"\#(Self.maxDecimal)"}"#) == .max)
        #expect(throws: DecodingError.self) { try decode(#"{"v":-1}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"v":1.5}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"v":"0xzz"}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"v":"-5"}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"v":true}"#) }
    }

    @Test func twosComplement() {
        let minusOne = UInt256(twosComplementOf: -1)
        #expect(minusOne == .max)
        #expect(minusOne.signedDecimalString == "-1")
        #expect(minusOne.int64InTwosComplement == -1)
        #expect(UInt256(signedDecimalString: "-1") == .max)
        #expect(UInt256(signedDecimalString: "42") == 42)
        let minInt256 = "-57896044618658097711785492504343953926634992332820282019728792003956564819968"
        #expect(UInt256(signedDecimalString: minInt256) == UInt256.one << 255)
        #expect(UInt256(signedDecimalString: String(minInt256.dropFirst())) == nil)  // 2^255 does not fit
        #expect((UInt256.one << 255).signedDecimalString == minInt256)
        #expect(UInt256(twosComplementOf: -128).fitsSigned(bits: 8))
        #expect(!UInt256(twosComplementOf: -129).fitsSigned(bits: 8))
        #expect(UInt256(127).fitsSigned(bits: 8) && !UInt256(128).fitsSigned(bits: 8))
        #expect(UInt256(255).fitsUnsigned(bits: 8) && !UInt256(256).fitsUnsigned(bits: 8))
    }

    @Test func comparisonAcrossLimbs() {
        let big = UInt256(limbs: (0, 0, 0, 1))
        let small = UInt256(limbs: (.max, .max, .max, 0))
        #expect(small < big)
        #expect([big, small, 0].sorted() == [0, small, big])
    }
}
