extension Parser {
    static let statementKeywords: Set<String> = [
        "if", "else", "for", "while", "do", "return", "emit", "throw", "break", "continue", "delete", "new",
        "assembly", "try", "catch", "unchecked", "revert",
    ]
    static let storageLocations: Set<String> = ["memory", "storage", "calldata"]

    /// `{ statement* }`
    mutating func parseBlock(unchecked: Bool = false) -> Statement {
        let start = current.span.start
        expect("{")
        var items: [Statement] = []
        while !atEnd && !check("}") && !outOfTime {
            let before = position
            items.append(parseStatement())
            if position == before { advance() }
        }
        accept("}")
        return Statement(kind: .block(items, unchecked: unchecked), span: span(from: start))
    }

    mutating func parseStatement() -> Statement {
        depth += 1
        defer { depth -= 1 }
        let start = current.span.start
        guard depth < Self.maximumDepth else {
            report("statements nested too deeply; skipped")
            skipToStatementEnd()
            return Statement(kind: .unknown, span: span(from: start))
        }
        if current.kind == .punctuation {
            if check("{") { return parseBlock() }
            if accept(";") { return Statement(kind: .block([], unchecked: false), span: span(from: start)) }
        }
        if current.kind == .identifier {
            switch current.text {
            case "unchecked" where peek(1).is("{"):
                advance()
                return parseBlock(unchecked: true)
            case "if": return parseIf()
            case "for": return parseFor()
            case "while":
                advance()
                expect("(")
                let condition = parseExpression()
                expect(")")
                let body = parseStatement()
                return Statement(kind: .whileStatement(condition, body), span: span(from: start))
            case "do":
                advance()
                let body = parseStatement()
                expect("while")
                expect("(")
                let condition = parseExpression()
                expect(")")
                accept(";")
                return Statement(kind: .doWhileStatement(body, condition), span: span(from: start))
            case "return":
                advance()
                let value = check(";") ? nil : parseExpression()
                return finishSimple(.returnStatement(value), start: start)
            case "emit":
                advance()
                return finishSimple(.emitStatement(parseExpression()), start: start)
            case "revert" where peek(1).kind == .identifier:
                advance()
                return finishSimple(.revertStatement(parseExpression()), start: start)
            case "throw":
                advance()
                return finishSimple(.throwStatement, start: start)
            case "break":
                advance()
                return finishSimple(.breakStatement, start: start)
            case "continue":
                advance()
                return finishSimple(.continueStatement, start: start)
            case "_" where peek(1).is(";"):
                advance()
                return finishSimple(.placeholder, start: start)
            case "assembly":
                advance()
                if current.kind == .string { advance() }
                if check("(") { skipBalanced() }
                if check("{") { skipBalanced() } else { report("expected '{' after assembly") }
                return Statement(kind: .inlineAssembly, span: span(from: start))
            case "try":
                return parseTry()
            default:
                break
            }
        }
        if looksLikeDeclaration() { return parseVariableDeclarationStatement() }
        let expression = parseExpression()
        if case .unknown = expression.kind {
            skipToStatementEnd()
            return Statement(kind: .unknown, span: span(from: start))
        }
        return finishSimple(.expression(expression), start: start)
    }

    mutating func finishSimple(_ kind: Statement.Kind, start: SourcePosition) -> Statement {
        let span = self.span(from: start)
        if !accept(";") {
            report("expected ';' but found '\(current.text.isEmpty ? "end of file" : current.text)'")
            skipToStatementEnd()
        }
        return Statement(kind: kind, span: span)
    }

    mutating func parseIf() -> Statement {
        let start = current.span.start
        advance()
        expect("(")
        let condition = parseExpression()
        expect(")")
        let then = parseStatement()
        var otherwise: Statement?
        if accept("else") { otherwise = parseStatement() }
        return Statement(kind: .ifStatement(condition, then, otherwise), span: span(from: start))
    }

    mutating func parseFor() -> Statement {
        let start = current.span.start
        advance()
        expect("(")
        var initial: Statement?
        if !accept(";") { initial = parseStatement() }
        var condition: Expression?
        if !check(";") { condition = parseExpression() }
        expect(";")
        var step: Expression?
        if !check(")") { step = parseExpression() }
        expect(")")
        let body = parseStatement()
        return Statement(kind: .forStatement(initial, condition, step, body), span: span(from: start))
    }

    mutating func parseTry() -> Statement {
        let start = current.span.start
        advance()
        let call = parseExpression()
        if accept("returns"), check("(") { _ = parseParameterList() }
        let body = check("{") ? parseBlock() : Statement(kind: .unknown, span: span(from: start))
        var catches: [Statement] = []
        while accept("catch") {
            if current.kind == .identifier, !check("{") { advance() }
            if check("(") { _ = parseParameterList() }
            if check("{") { catches.append(parseBlock()) } else { break }
        }
        return Statement(kind: .tryStatement(call, body, catches), span: span(from: start))
    }

    /// Decides, without consuming, whether a variable declaration starts here.
    mutating func looksLikeDeclaration() -> Bool {
        if check("var") && (peek(1).kind == .identifier || peek(1).is("(")) { return true }
        if check("(") { return looksLikeTupleDeclaration() }
        guard current.kind == .identifier, !Self.statementKeywords.contains(current.text) else { return false }
        let saved = position
        let savedDiagnostics = diagnostics.count
        let wasSpeculative = speculative
        speculative = true
        defer {
            position = saved
            diagnostics.removeSubrange(savedDiagnostics...)
            speculative = wasSpeculative
        }
        _ = parseTypeName()
        if current.kind == .identifier, Self.storageLocations.contains(current.text) { advance() }
        return current.kind == .identifier && !Self.statementKeywords.contains(current.text)
    }

    /// `(T a, , T b) = …` as opposed to `(a, b) = …`.
    func looksLikeTupleDeclaration() -> Bool {
        var offset = 1
        var componentLength = 0
        var sawTypedComponent = false
        var nesting = 0
        while true {
            let token = peek(offset)
            if token.kind == .endOfFile || offset > 200 { return false }
            if token.is("(") || token.is("[") { nesting += 1 }
            if token.is("]") { nesting -= 1 }
            if token.is(")") {
                if nesting == 0 {
                    if componentLength >= 2 { sawTypedComponent = true }
                    return sawTypedComponent && peek(offset + 1).is("=")
                }
                nesting -= 1
            }
            if nesting == 0 && token.is(",") {
                if componentLength >= 2 { sawTypedComponent = true }
                componentLength = 0
            } else if nesting == 0 {
                if token.kind == .identifier || token.is(".") { componentLength += 1 } else if !token.is("]") { return false }
            }
            offset += 1
        }
    }

    mutating func parseVariableDeclarationStatement() -> Statement {
        let start = current.span.start
        var declarations: [VariableDeclaration?] = []
        if accept("var") && !check("(") {
            let name = current.text
            let span = current.span
            advance()
            declarations.append(VariableDeclaration(name: name, type: TypeName(text: "var", shape: .elementary, element: nil), span: span))
        } else if check("(") {
            advance()
            while !atEnd && !check(")") && !outOfTime {
                let before = position
                if check(",") {
                    declarations.append(nil)
                    advance()
                    continue
                }
                declarations.append(parseSingleDeclaration())
                if !accept(",") && !check(")") { break }
                if check(")"), tokens[max(0, position - 1)].is(",") { declarations.append(nil) }
                if position == before { advance() }
            }
            expect(")")
        } else {
            declarations.append(parseSingleDeclaration())
        }
        var value: Expression?
        if accept("=") { value = parseExpression() }
        return finishSimple(.variableDeclaration(declarations, value), start: start)
    }

    mutating func parseSingleDeclaration() -> VariableDeclaration {
        let start = current.span.start
        let type: TypeName
        if check("var") {
            advance()
            type = TypeName(text: "var", shape: .elementary, element: nil)
        } else {
            type = parseTypeName()
        }
        var declaration = VariableDeclaration(name: "", type: type, span: .unknown)
        if current.kind == .identifier, Self.storageLocations.contains(current.text) {
            declaration.storageLocation = current.text
            advance()
        }
        if current.kind == .identifier {
            declaration.name = current.text
            advance()
        }
        declaration.span = span(from: start)
        return declaration
    }
}
