extension Parser {
    mutating func parseContract(abstract: Bool) -> ContractDefinition {
        let start = current.span.start
        let kind: ContractDefinition.Kind
        switch current.text {
        case "interface": kind = .interface
        case "library": kind = .library
        default: kind = abstract ? .abstractContract : .contract
        }
        advance()
        let name = current.kind == .identifier ? current.text : ""
        if current.kind == .identifier { advance() } else { report("expected contract name") }
        var bases: [String] = []
        if accept("is") {
            while !atEnd && !check("{") {
                if current.kind == .identifier {
                    var baseName = current.text
                    advance()
                    while check("."), peek(1).kind == .identifier { advance(); baseName = current.text; advance() }
                    bases.append(baseName)
                    if check("(") { skipBalanced() }
                } else if !accept(",") {
                    report("unexpected '\(current.text)' in inheritance list")
                    advance()
                }
            }
        }
        var contract = ContractDefinition(kind: kind, name: name, baseContracts: bases, span: .unknown)
        expect("{")
        while !atEnd && !check("}") && !outOfTime {
            let before = position
            parseContractMember(into: &contract)
            if position == before { advance() }
        }
        accept("}")
        contract.span = span(from: start)
        return contract
    }

    mutating func parseContractMember(into contract: inout ContractDefinition) {
        guard current.kind == .identifier else {
            if !accept(";") {
                report("unexpected '\(current.text)' in contract body; skipped")
                if check("{") || check("(") || check("[") { skipBalanced() } else { advance() }
            }
            return
        }
        switch current.text {
        case "function", "constructor", "fallback", "receive", "modifier":
            if let function = parseFunction(contractName: contract.name) { contract.functions.append(function) }
        case "struct" where peek(1).kind == .identifier && peek(2).is("{"):
            contract.structs.append(parseStruct())
        case "enum" where peek(1).kind == .identifier:
            advance()
            contract.enums.append(current.text)
            advance()
            if check("{") { skipBalanced() }
        case "event", "error":
            advance()
            contract.events.append(current.text)
            skipToStatementEnd()
        case "using":
            advance()
            if current.kind == .identifier { contract.usingLibraries.append(current.text) }
            skipToStatementEnd()
        default:
            if let variable = parseStateVariable() { contract.stateVariables.append(variable) }
        }
    }

    mutating func parseStruct() -> StructDefinition {
        let start = current.span.start
        advance()
        let name = current.text
        advance()
        var members: [VariableDeclaration] = []
        expect("{")
        while !atEnd && !check("}") && !outOfTime {
            let before = position
            let memberStart = current.span.start
            let type = parseTypeName()
            let memberName = current.kind == .identifier ? current.text : ""
            if current.kind == .identifier { advance() }
            members.append(VariableDeclaration(name: memberName, type: type, span: span(from: memberStart)))
            if !accept(";") { skipToStatementEnd() }
            if position == before { advance() }
        }
        accept("}")
        return StructDefinition(name: name, members: members, span: span(from: start))
    }

    mutating func parseStateVariable() -> VariableDeclaration? {
        let start = current.span.start
        let type = parseTypeName()
        var variable = VariableDeclaration(name: "", type: type, storageLocation: nil, isStateVariable: true, span: .unknown)
        while current.kind == .identifier {
            switch current.text {
            case "public", "private", "internal", "external": variable.visibility = current.text; advance()
            case "constant": variable.isConstant = true; advance()
            case "immutable": variable.isImmutable = true; advance()
            case "override":
                advance()
                if check("(") { skipBalanced() }
            case "transient": advance()
            default:
                if variable.name.isEmpty {
                    variable.name = current.text
                    advance()
                } else {
                    report("unexpected '\(current.text)' in state variable declaration")
                    skipToStatementEnd()
                    return nil
                }
            }
        }
        if variable.name.isEmpty {
            report("expected a state variable or function declaration, found '\(current.text)'")
            skipToStatementEnd()
            return nil
        }
        if accept("=") { variable.initialValue = parseExpression() }
        variable.span = span(from: start)
        if !accept(";") {
            report("expected ';' after state variable '\(variable.name)'")
            skipToStatementEnd()
        }
        return variable
    }
}
