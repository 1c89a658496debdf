/// Why bytes could not be decoded as canonical RLP. `offset` is the byte position of the offending item.
public struct RLPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// The input has no bytes.
        case emptyInput
        /// An item claims more bytes than remain in the input or in its enclosing list.
        case truncated
        /// A single byte below 0x80 was wrapped in a string header (0x81 0x00..0x7f); it must encode as itself.
        case nonCanonicalSingleByte
        /// A long-form length starts with a zero byte.
        case leadingZeroInLength
        /// The long form was used for a length below 56, which must use the short form.
        case longFormForShortLength
        /// Bytes follow the complete top-level item.
        case trailingBytes
        /// Lists are nested deeper than the decoder allows.
        case depthExceeded(limit: Int)
    }

    /// What went wrong.
    public let kind: Kind
    /// Byte offset in the input where the offending item (or the trailing data) starts.
    public let offset: Int

    /// Creates an error of `kind` at `offset`.
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch kind {
        case .emptyInput:
            what = "input is empty; an RLP item needs at least one byte"
        case .truncated:
            what = "item claims more bytes than remain in the input or its enclosing list (truncated or corrupt data)"
        case .nonCanonicalSingleByte:
            what = "single byte below 0x80 is wrapped in a string header; canonical RLP encodes it as itself"
        case .leadingZeroInLength:
            what = "long-form length has a leading zero byte (non-canonical)"
        case .longFormForShortLength:
            what = "long-form length used for a payload shorter than 56 bytes (non-canonical)"
        case .trailingBytes:
            what = "unexpected bytes after the complete item"
        case .depthExceeded(let limit):
            what = "lists are nested deeper than \(limit) levels"
        }
        return "invalid RLP at byte \(offset): \(what)"
    }
}
