/// Splits Solidity source into tokens. Comments and whitespace are dropped; anything the lexer
/// does not understand becomes a one-character punctuation token so that the parser can resynchronise.
enum Lexer {
    struct Output {
        var tokens: [Token]
        var diagnostics: [SolidityDiagnostic]
    }

    /// Multi-character operators, longest first.
    private static let operators: [[UInt8]] = [
        ">>>=", "<<=", ">>=", ">>>", "**", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=",
        "/=", "%=", "|=", "&=", "^=", "<<", ">>", "=>", "->", ":=",
    ].map { Array($0.utf8) }

    /// `firstLine` numbers the first line (imported files are numbered from a large offset, see `ImportedSources`).
    static func tokenize(_ source: String, budget: Budget, firstLine: Int = 1) -> Output {
        var scanner = Scanner(bytes: Array(source.utf8), budget: budget)
        scanner.line = firstLine
        return scanner.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        let budget: Budget
        var index = 0
        var line = 1
        var column = 1
        var tokens: [Token] = []
        var diagnostics: [SolidityDiagnostic] = []

        init(bytes: [UInt8], budget: Budget) {
            self.bytes = bytes
            self.budget = budget
            tokens.reserveCapacity(bytes.count / 4)
        }

        mutating func run() -> Output {
            var steps = 0
            while index < bytes.count {
                steps += 1
                if steps & 1023 == 0, budget.isExhausted { break }
                let byte = bytes[index]
                if byte == 0x0A { advance(); continue }
                if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B { advance(); continue }
                if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") { skipLineComment(); continue }
                if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") { skipBlockComment(); continue }
                let start = position
                let startIndex = index
                let kind: Token.Kind
                if isIdentifierStart(byte) {
                    while index < bytes.count, isIdentifierPart(bytes[index]) { advance() }
                    kind = .identifier
                    // hex"..." / unicode"..." literals
                    let word = bytes[startIndex..<index]
                    if index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27,
                       word.elementsEqual("hex".utf8) || word.elementsEqual("unicode".utf8) {
                        scanString()
                        append(.string, from: startIndex, start: start)
                        continue
                    }
                } else if isDigit(byte) || (byte == UInt8(ascii: ".") && isDigit(peek(1))) {
                    scanNumber()
                    kind = .number
                } else if byte == 0x22 || byte == 0x27 {
                    scanString()
                    kind = .string
                } else {
                    scanOperator()
                    kind = .punctuation
                }
                append(kind, from: startIndex, start: start)
            }
            let eof = Token(kind: .endOfFile, text: "", span: SourceSpan(start: position, end: position))
            tokens.append(eof)
            return Output(tokens: tokens, diagnostics: diagnostics)
        }

        var position: SourcePosition { SourcePosition(line: line, column: column) }

        mutating func append(_ kind: Token.Kind, from startIndex: Int, start: SourcePosition) {
            let text = String(decoding: bytes[startIndex..<index], as: UTF8.self)
            let end = SourcePosition(line: line, column: max(1, column - 1))
            tokens.append(Token(kind: kind, text: text, span: SourceSpan(start: start, end: end)))
        }

        func peek(_ offset: Int) -> UInt8 {
            let target = index + offset
            return target < bytes.count ? bytes[target] : 0
        }

        mutating func advance() {
            if bytes[index] == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }

        mutating func skipLineComment() {
            while index < bytes.count, bytes[index] != 0x0A { advance() }
        }

        mutating func skipBlockComment() {
            let start = position
            advance(); advance()
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                    advance(); advance()
                    return
                }
                advance()
            }
            diagnostics.append(SolidityDiagnostic(message: "unterminated block comment", line: start.line, column: start.column))
        }

        mutating func scanNumber() {
            if bytes[index] == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "X") {
                advance(); advance()
                while index < bytes.count, isHexDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") { advance() }
                return
            }
            while index < bytes.count {
                let byte = bytes[index]
                if isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") && isDigit(peek(1)) {
                    advance()
                } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"),
                          isDigit(peek(1)) || (peek(1) == UInt8(ascii: "-") && isDigit(peek(2))) {
                    advance(); advance()
                } else {
                    break
                }
            }
        }

        mutating func scanString() {
            let start = position
            if bytes[index] != 0x22 && bytes[index] != 0x27 { return }
            let quote = bytes[index]
            advance()
            while index < bytes.count {
                let byte = bytes[index]
                if byte == quote { advance(); return }
                if byte == 0x0A { break }
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] != 0x0A { advance() }
                advance()
            }
            diagnostics.append(SolidityDiagnostic(message: "unterminated string literal", line: start.line, column: start.column))
        }

        mutating func scanOperator() {
            for op in Lexer.operators where matches(op) {
                for _ in op { advance() }
                return
            }
            // One byte, or one whole UTF-8 scalar for non-ASCII input.
            advance()
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { advance() }
        }

        func matches(_ op: [UInt8]) -> Bool {
            guard index + op.count <= bytes.count else { return false }
            for (offset, byte) in op.enumerated() where bytes[index + offset] != byte { return false }
            return true
        }

        func isIdentifierStart(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte == 0x24
        }

        func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isHexDigit(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
        }
    }
}
