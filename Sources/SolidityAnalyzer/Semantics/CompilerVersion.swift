/// The lowest compiler version a `pragma solidity` expression admits (major.minor only).
struct CompilerVersion: Sendable, Hashable {
    var major: Int
    var minor: Int
    /// True when the pragma was missing and the version was assumed.
    var assumed: Bool

    /// Without a pragma we assume old (0.4) semantics: that is what unpinned legacy code was written for.
    static let legacyDefault = CompilerVersion(major: 0, minor: 4, assumed: true)

    init(major: Int, minor: Int, assumed: Bool = false) {
        self.major = major
        self.minor = minor
        self.assumed = assumed
    }

    /// Parses the first version number in a pragma value such as `^0.4.17` or `>=0.4.22 <0.6.0`.
    init(pragma: String?) {
        guard let pragma else { self = .legacyDefault; return }
        var numbers: [Int] = []
        var currentNumber: Int?
        for character in pragma {
            if let digit = character.wholeNumberValue, character.isASCII {
                currentNumber = min((currentNumber ?? 0) * 10 + digit, 10_000)
            } else if character == "." {
                if let value = currentNumber { numbers.append(value) }
                currentNumber = nil
                if numbers.count >= 2 { break }
            } else {
                if let value = currentNumber { numbers.append(value) }
                currentNumber = nil
                if numbers.count >= 2 { break }
                numbers.removeAll()
            }
        }
        if let value = currentNumber, numbers.count < 2 { numbers.append(value) }
        guard numbers.count >= 2 else { self = .legacyDefault; return }
        self.init(major: numbers[0], minor: numbers[1])
    }

    /// Arithmetic reverts on overflow from 0.8.0 on.
    var hasCheckedArithmetic: Bool { major > 0 || minor >= 8 }
    /// Before 0.5: `var`, `throw`, `suicide`, `sha3`, same-name constructors, default public visibility.
    var isPre05: Bool { major == 0 && minor < 5 }
}
