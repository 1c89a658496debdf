extension Parser {
    static let assignmentOperators: Set<String> = ["=", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<=", ">>=", ">>>="]
    static let binaryPrecedence: [String: Int] = [
        "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4,
        "|": 5, "^": 6, "&": 7, "<<": 8, ">>": 8, ">>>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10, "**": 11,
    ]
    static let maximumChainLength = 128
    static let etherUnits: Set<String> = ["wei", "gwei", "szabo", "finney", "ether", "seconds", "minutes", "hours", "days", "weeks", "years"]

    /// expression := conditional (assignment-op expression)?
    mutating func parseExpression() -> Expression {
        depth += 1
        defer { depth -= 1 }
        let start = current.span.start
        guard depth < Self.maximumDepth else {
            report("expression nested too deeply")
            advance()
            return .unknown(span(from: start))
        }
        let lhs = parseConditional()
        if current.kind == .punctuation, Self.assignmentOperators.contains(current.text) {
            let op = current.text
            advance()
            let rhs = parseExpression()
            return Expression(kind: .assignment(op, lhs, rhs), span: span(from: start))
        }
        return lhs
    }

    mutating func parseConditional() -> Expression {
        let start = current.span.start
        let condition = parseBinary(minimumPrecedence: 1)
        guard accept("?") else { return condition }
        let whenTrue = parseExpression()
        expect(":")
        let whenFalse = parseExpression()
        return Expression(kind: .conditional(condition, whenTrue, whenFalse), span: span(from: start))
    }

    mutating func parseBinary(minimumPrecedence: Int) -> Expression {
        let start = current.span.start
        var lhs = parseUnary()
        var chainLength = 0
        // Every operator adds one level to the tree: count it as nesting depth so that the parser's recursion
        // (right-associative `**` recurses once per operator) and every later tree walk stay shallow.
        let depthOnEntry = depth
        defer { depth = depthOnEntry }
        while current.kind == .punctuation, let precedence = Self.binaryPrecedence[current.text], precedence >= minimumPrecedence {
            if outOfTime { break }
            chainLength += 1
            depth += 1
            if chainLength > Self.maximumChainLength || depth >= Self.maximumDepth {
                report("operator chain too long or nested too deeply; rest of the expression skipped")
                skipToClosing(";")
                break
            }
            let op = current.text
            advance()
            // `**` is right-associative, everything else left-associative.
            let rhs = parseBinary(minimumPrecedence: op == "**" ? precedence : precedence + 1)
            lhs = Expression(kind: .binary(op, lhs, rhs), span: span(from: start))
        }
        return lhs
    }

    mutating func parseUnary() -> Expression {
        let start = current.span.start
        let text = current.text
        if (current.kind == .punctuation && ["!", "~", "-", "+", "++", "--"].contains(text))
            || (current.kind == .identifier && text == "delete") {
            advance()
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maximumDepth else { return .unknown(span(from: start)) }
            let operand = parseUnary()
            return Expression(kind: .unary(text, operand, prefix: true), span: span(from: start))
        }
        return parsePostfix()
    }

    mutating func parsePostfix() -> Expression {
        let start = current.span.start
        var expression = parsePrimary()
        if case .unknown = expression.kind { return expression }
        var chainLength = 0
        while !atEnd && !outOfTime {
            chainLength += 1
            if chainLength > Self.maximumChainLength / 2 {
                report("member/call/index chain too long; rest of the expression skipped")
                skipToClosing(";")
                break
            }
            if check(".") {
                advance()
                let name = current.text
                if current.kind == .identifier { advance() } else { report("expected member name after '.'") }
                expression = Expression(kind: .member(expression, name), span: span(from: start))
            } else if check("[") {
                advance()
                var index: Expression?
                if !check("]") && !check(":") { index = parseExpression() }
                if accept(":") {
                    let to = check("]") ? nil : parseExpression()
                    expect("]")
                    expression = Expression(kind: .slice(expression, index, to), span: span(from: start))
                } else {
                    expect("]")
                    expression = Expression(kind: .index(expression, index), span: span(from: start))
                }
            } else if check("(") {
                let arguments = parseCallArguments()
                expression = Expression(kind: .call(expression, arguments.values, names: arguments.names), span: span(from: start))
            } else if check("{"), peek(1).kind == .identifier, peek(2).is(":") {
                let options = parseNamedArguments()
                expression = Expression(kind: .callOptions(expression, names: options.names, values: options.values), span: span(from: start))
            } else if check("++") || check("--") {
                let op = current.text
                advance()
                expression = Expression(kind: .unary(op, expression, prefix: false), span: span(from: start))
            } else {
                break
            }
        }
        return expression
    }

    /// `( a, b )` or `({ name: a })`.
    mutating func parseCallArguments() -> (values: [Expression], names: [String]) {
        expect("(")
        if check("{") {
            let named = parseNamedArguments()
            expect(")")
            return named
        }
        var values: [Expression] = []
        while !atEnd && !check(")") && !outOfTime {
            let before = position
            values.append(parseExpression())
            if !accept(",") {
                if !check(")") {
                    report("expected ',' or ')' in argument list, found '\(current.text)'")
                    skipToClosing(")")
                }
                break
            }
            if position == before { advance() }
        }
        accept(")")
        return (values, [])
    }

    /// `{ name: value, … }`
    mutating func parseNamedArguments() -> (values: [Expression], names: [String]) {
        expect("{")
        var values: [Expression] = []
        var names: [String] = []
        while !atEnd && !check("}") && !outOfTime {
            let before = position
            names.append(current.text)
            advance()
            expect(":")
            values.append(parseExpression())
            if !accept(",") { break }
            if position == before { advance() }
        }
        expect("}")
        return (values, names)
    }

    /// Skips forward to (not past) `closing` at nesting level zero, stopping at `;`, `{` or `}`.
    mutating func skipToClosing(_ closing: String) {
        while !atEnd && !check(closing) && !check(";") && !check("}") && !check("{") {
            if check("(") || check("[") { skipBalanced() } else { advance() }
        }
    }

    mutating func parsePrimary() -> Expression {
        let start = current.span.start
        let token = current
        switch token.kind {
        case .number:
            advance()
            var text = token.text
            if current.kind == .identifier, Self.etherUnits.contains(current.text) {
                text += " " + current.text
                advance()
            }
            return Expression(kind: .number(text), span: span(from: start))
        case .string:
            advance()
            var text = token.text
            while current.kind == .string { text += current.text; advance() }
            return Expression(kind: .string(text), span: span(from: start))
        case .identifier:
            switch token.text {
            case "true", "false":
                advance()
                return Expression(kind: .bool(token.text == "true"), span: span(from: start))
            case "new":
                advance()
                let type = parseTypeName()
                return Expression(kind: .new(type), span: span(from: start))
            case "mapping", "function":
                let type = parseTypeName()
                return Expression(kind: .typeExpression(type), span: span(from: start))
            default:
                advance()
                if Self.isElementaryType(token.text) {
                    if token.text == "address", check("payable") { advance() }
                    return Expression(kind: .elementaryType(token.text), span: span(from: start))
                }
                return Expression(kind: .identifier(token.text), span: span(from: start))
            }
        case .punctuation:
            if check("(") {
                advance()
                var items: [Expression?] = []
                var expectItem = true
                while !atEnd && !check(")") && !outOfTime {
                    let before = position
                    if accept(",") {
                        if expectItem { items.append(nil) }
                        expectItem = true
                        continue
                    }
                    items.append(parseExpression())
                    expectItem = false
                    if !check(",") && !check(")") {
                        report("expected ',' or ')' in parenthesised expression, found '\(current.text)'")
                        skipToClosing(")")
                        break
                    }
                    if position == before { advance() }
                }
                if expectItem && !items.isEmpty { items.append(nil) }
                expect(")")
                return Expression(kind: .tuple(items), span: span(from: start))
            }
            if check("[") {
                advance()
                var items: [Expression] = []
                while !atEnd && !check("]") && !outOfTime {
                    let before = position
                    items.append(parseExpression())
                    if !accept(",") { break }
                    if position == before { advance() }
                }
                expect("]")
                return Expression(kind: .arrayLiteral(items), span: span(from: start))
            }
            report("unexpected '\(token.text)' in expression")
            return .unknown(SourceSpan(start: start, end: start))
        case .endOfFile:
            report("unexpected end of file in expression")
            return .unknown(SourceSpan(start: start, end: start))
        }
    }
}
