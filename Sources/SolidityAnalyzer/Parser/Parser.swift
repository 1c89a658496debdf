/// Error-tolerant recursive-descent parser for Solidity 0.4.x–0.8.x.
///
/// Every parse routine makes progress or returns; unknown constructs are skipped to the next `;` or
/// the end of the enclosing balanced block with a diagnostic, so a partial tree is always produced.
struct Parser {
    let tokens: [Token]
    let budget: Budget
    var position = 0
    var diagnostics: [SolidityDiagnostic] = []
    var depth = 0
    var speculative = false
    static let maximumDepth = 200
    static let maximumDiagnostics = 200

    init(tokens: [Token], budget: Budget) {
        self.tokens = tokens.isEmpty ? [Token(kind: .endOfFile, text: "", span: .unknown)] : tokens
        self.budget = budget
    }

    // MARK: Token access

    var current: Token { tokens[min(position, tokens.count - 1)] }
    func peek(_ offset: Int) -> Token { tokens[min(position + offset, tokens.count - 1)] }
    var atEnd: Bool { current.kind == .endOfFile }
    var previousEnd: SourcePosition { position > 0 ? tokens[min(position - 1, tokens.count - 1)].span.end : current.span.start }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func check(_ text: String) -> Bool { current.is(text) }

    @discardableResult
    mutating func accept(_ text: String) -> Bool {
        if check(text) { advance(); return true }
        return false
    }

    mutating func expect(_ text: String) {
        if !accept(text) { report("expected '\(text)' but found '\(current.text.isEmpty ? "end of file" : current.text)'") }
    }

    mutating func report(_ message: String) {
        guard !speculative, diagnostics.count < Self.maximumDiagnostics else { return }
        diagnostics.append(SolidityDiagnostic(message: message, line: current.span.start.line, column: current.span.start.column))
    }

    func span(from start: SourcePosition) -> SourceSpan {
        let end = previousEnd
        if end.line < start.line || (end.line == start.line && end.column < start.column) {
            return SourceSpan(start: start, end: start)
        }
        return SourceSpan(start: start, end: end)
    }

    var outOfTime: Bool { budget.isExhausted }

    // MARK: Skipping

    /// At an opening bracket: skips to just after its matching closing bracket.
    mutating func skipBalanced() {
        var stack: [String] = []
        repeat {
            let text = current.kind == .punctuation ? current.text : ""
            switch text {
            case "{": stack.append("}")
            case "(": stack.append(")")
            case "[": stack.append("]")
            case "}", ")", "]":
                if let last = stack.last, last == text { stack.removeLast() }
                else if stack.contains(text) { while let last = stack.popLast(), last != text {} }
            default: break
            }
            advance()
        } while !stack.isEmpty && !atEnd
    }

    /// Skips to after the next `;` at nesting level zero, or to (not past) an unmatched `}`.
    mutating func skipToStatementEnd() {
        while !atEnd {
            if current.kind == .punctuation {
                switch current.text {
                case ";": advance(); return
                case "}": return
                case "{", "(", "[": skipBalanced(); continue
                default: break
                }
            }
            advance()
        }
    }

    // MARK: Source unit

    mutating func parseSourceUnit() -> SourceUnit {
        var unit = SourceUnit()
        while !atEnd && !outOfTime {
            let before = position
            switch current.kind == .identifier ? current.text : "" {
            case "pragma": unit.pragmas.append(parsePragma())
            case "import":
                // `import "p";`, `import "p" as X;`, `import * as X from "p";`, `import {A, B as C} from "p";`
                var path: String?
                while !atEnd && !check(";") && !check("}") && !outOfTime {
                    if current.kind == .string, path == nil { path = current.text }
                    if check("{") { skipBalanced(); continue }
                    advance()
                }
                accept(";")
                if let path { unit.imports.append(Self.unquoted(path)) }
            case "contract", "interface", "library": unit.contracts.append(parseContract(abstract: false))
            case "abstract" where peek(1).is("contract"):
                advance()
                unit.contracts.append(parseContract(abstract: true))
            case "function":
                if let function = parseFunction(contractName: nil) { unit.freeFunctions.append(function) }
            case "struct", "enum":
                advance(); advance()
                if check("{") { skipBalanced() } else { skipToStatementEnd() }
            default:
                if current.is("{") {
                    report("unexpected block at file level")
                    skipBalanced()
                } else if current.is("}") {
                    report("unbalanced '}'")
                    advance()
                } else {
                    if !["event", "error", "using", "type"].contains(current.text) {
                        report("unexpected '\(current.text)' at file level; skipped")
                    }
                    skipToStatementEnd()
                }
            }
            if position == before { advance() }
        }
        return unit
    }

    /// `"a/b.sol"` → `a/b.sol` (string tokens keep their quotes).
    static func unquoted(_ literal: String) -> String {
        var text = Substring(literal)
        if let first = text.first, first == "\"" || first == "'" { text = text.dropFirst() }
        if let last = text.last, last == "\"" || last == "'" { text = text.dropLast() }
        return String(text)
    }

    mutating func parsePragma() -> PragmaDirective {
        let start = current.span.start
        advance()
        let name = current.text
        advance()
        var value = ""
        var previousKind: Token.Kind?
        while !atEnd && !check(";") && !check("}") {
            if let kind = previousKind, kind == .number || kind == .identifier, !value.isEmpty { value += " " }
            value += current.text
            previousKind = current.kind
            advance()
        }
        let span = self.span(from: start)
        expect(";")
        return PragmaDirective(name: name, value: value, span: span)
    }
}
