extension Parser {
    static let visibilities: Set<String> = ["public", "private", "internal", "external"]
    static let mutabilities: Set<String> = ["view", "pure", "constant", "payable", "nonpayable"]

    /// Parses `function|constructor|fallback|receive|modifier …` up to and including its body or `;`.
    mutating func parseFunction(contractName: String?) -> FunctionDefinition? {
        let start = current.span.start
        let keyword = current.text
        advance()
        var kind: FunctionDefinition.Kind
        var name = ""
        switch keyword {
        case "constructor": kind = .constructor
        case "fallback": kind = .fallback; name = "fallback"
        case "receive": kind = .receive; name = "receive"
        case "modifier": kind = .modifier
        default: kind = .function
        }
        if kind == .function || kind == .modifier, current.kind == .identifier {
            name = current.text
            advance()
        }
        if kind == .function {
            if name.isEmpty { kind = .fallback }
            else if let contractName, name == contractName { kind = .constructor }
        }
        var parameters: [VariableDeclaration] = []
        if check("(") { parameters = parseParameterList() }
        var function = FunctionDefinition(
            kind: kind, name: name, parameters: parameters, returnParameters: [], visibility: nil, mutability: nil,
            modifiers: [], body: nil, span: .unknown)
        parseFunctionAttributes(into: &function)
        if check("{") {
            function.body = parseBlock()
        } else if !accept(";") {
            report("expected '{' or ';' after function header of '\(name)'")
            skipToStatementEnd()
        }
        function.span = span(from: start)
        return function
    }

    mutating func parseFunctionAttributes(into function: inout FunctionDefinition) {
        while !atEnd && !check("{") && !check(";") && !outOfTime {
            let before = position
            let text = current.text
            if current.kind != .identifier {
                report("unexpected '\(text)' in function header")
                if check("(") || check("[") { skipBalanced() } else { advance() }
                if check("}") { return }
                continue
            }
            if Self.visibilities.contains(text) {
                function.visibility = text
                advance()
            } else if Self.mutabilities.contains(text) {
                function.mutability = text
                advance()
            } else if text == "virtual" {
                function.isVirtual = true
                advance()
            } else if text == "override" {
                advance()
                if check("(") { skipBalanced() }
            } else if text == "returns" {
                advance()
                if check("(") { function.returnParameters = parseParameterList() }
            } else {
                let invocationStart = current.span.start
                var name = text
                advance()
                while check("."), peek(1).kind == .identifier { advance(); name += "." + current.text; advance() }
                var arguments: [Expression] = []
                if check("(") { arguments = parseCallArguments().values }
                function.modifiers.append(ModifierInvocation(name: name, arguments: arguments, span: span(from: invocationStart)))
            }
            if position == before { advance() }
        }
    }

    /// `( T a, T storage b, … )`
    mutating func parseParameterList() -> [VariableDeclaration] {
        var result: [VariableDeclaration] = []
        expect("(")
        while !atEnd && !check(")") && !outOfTime {
            let before = position
            if check("{") || check("}") || check(";") { break }
            let start = current.span.start
            let type = parseTypeName()
            var declaration = VariableDeclaration(name: "", type: type, span: .unknown)
            while current.kind == .identifier {
                switch current.text {
                case "memory", "storage", "calldata": declaration.storageLocation = current.text
                case "indexed", "payable": break
                default: declaration.name = current.text
                }
                advance()
            }
            declaration.span = span(from: start)
            result.append(declaration)
            if !accept(",") && !check(")") {
                report("unexpected '\(current.text)' in parameter list")
                while !atEnd && !check(",") && !check(")") && !check("{") && !check(";") {
                    if check("(") || check("[") { skipBalanced() } else { advance() }
                }
                accept(",")
            }
            if position == before { advance() }
        }
        accept(")")
        return result
    }

    /// Parses a type name: elementary, user-defined (dotted), `mapping(K => V)`, function types, array suffixes.
    mutating func parseTypeName() -> TypeName {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else {
            report("type nested too deeply")
            advance()
            return .unknown
        }
        var type: TypeName
        if check("mapping") && peek(1).is("(") {
            advance()
            advance()
            let key = parseTypeName()
            if current.kind == .identifier && !check("=>") { advance() }
            expect("=>")
            let value = parseTypeName()
            if current.kind == .identifier { advance() }
            expect(")")
            type = TypeName(text: "mapping(\(key.text)=>\(value.text))", shape: .mapping, element: value.text)
        } else if check("function") && peek(1).is("(") {
            advance()
            _ = parseParameterList()
            while current.kind == .identifier, Self.visibilities.contains(current.text) || Self.mutabilities.contains(current.text) {
                advance()
            }
            if accept("returns"), check("(") { _ = parseParameterList() }
            type = TypeName(text: "function", shape: .function, element: nil)
        } else if current.kind == .identifier {
            var text = current.text
            advance()
            if text == "address", check("payable") { advance(); text = "address payable" }
            while check("."), peek(1).kind == .identifier { advance(); text += "." + current.text; advance() }
            type = TypeName(text: text, shape: Self.isElementaryType(text) ? .elementary : .userDefined, element: nil)
        } else {
            report("expected a type name, found '\(current.text)'")
            return .unknown
        }
        var dimensions = 0
        while check("[") {
            dimensions += 1
            if dimensions > Self.maximumArrayDimensions {
                // Rebuilding the type text per dimension is quadratic: read the rest without keeping it.
                report("array type has more than \(Self.maximumArrayDimensions) dimensions; the rest is ignored")
                while check("[") && !outOfTime { skipBalanced() }
                return type
            }
            advance()
            var dynamic = true
            if !check("]") {
                dynamic = false
                _ = parseExpression()
            }
            if !accept("]") { return type }
            type = TypeName(text: type.text + (dynamic ? "[]" : "[n]"), shape: .array(dynamic: dynamic), element: type.text)
        }
        return type
    }

    /// More dimensions than any real contract uses; beyond it the type text is not built.
    static let maximumArrayDimensions = 16

    static func isElementaryType(_ text: String) -> Bool {
        switch text {
        case "address", "address payable", "bool", "string", "bytes", "byte", "var", "uint", "int", "fixed", "ufixed": return true
        default:
            for prefix in ["uint", "int", "bytes", "fixed", "ufixed"] where text.hasPrefix(prefix) {
                let rest = text.dropFirst(prefix.count)
                if rest.allSatisfy({ $0.isNumber || $0 == "x" }) { return true }
            }
            return false
        }
    }
}
