/// Position of a character in the source (1-based line and column; columns count UTF-8 bytes).
struct SourcePosition: Sendable, Hashable {
    var line: Int
    var column: Int
}

/// A source span from the first character of a construct to its last character.
struct SourceSpan: Sendable, Hashable {
    var start: SourcePosition
    var end: SourcePosition

    static let unknown = SourceSpan(start: .init(line: 1, column: 1), end: .init(line: 1, column: 1))

    /// The span covering both spans.
    func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: start, end: other.end)
    }
}

/// One lexical token.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case identifier
        case number
        case string
        case punctuation
        case endOfFile
    }

    var kind: Kind
    var text: String
    var span: SourceSpan

    var line: Int { span.start.line }

    func `is`(_ text: String) -> Bool {
        kind != .string && self.text == text
    }
}
