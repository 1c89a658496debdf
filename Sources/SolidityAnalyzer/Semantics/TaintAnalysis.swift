/// Flow-insensitive taint of local variables: what each local may be derived from.
enum TaintAnalysis {
    static func localTaint(
        body: [Statement], parameters: Set<String>, locals: [String: VariableDeclaration],
        stateVariables: [String: VariableDeclaration]
    ) -> [String: Taint] {
        var result: [String: Taint] = [:]
        // Two rounds reach a fixed point for the simple chains found in real code.
        for _ in 0..<2 {
            StatementWalker.forEach(in: body) { statement, _ in
                switch statement.kind {
                case .variableDeclaration(let declarations, let value?):
                    let valueTaint = taint(of: value, parameters: parameters, localTaint: result, locals: locals, stateVariables: stateVariables)
                    for case let declaration? in declarations where !declaration.name.isEmpty {
                        result[declaration.name, default: []].formUnion(valueTaint)
                    }
                default:
                    break
                }
                for expression in statement.ownExpressions {
                    expression.forEachNode { node in
                        guard case .assignment(_, let lhs, let rhs) = node.kind, let root = lhs.rootIdentifier,
                              locals[root] != nil else { return }
                        let valueTaint = taint(of: rhs, parameters: parameters, localTaint: result, locals: locals, stateVariables: stateVariables)
                        result[root, default: []].formUnion(valueTaint)
                    }
                }
            }
        }
        return result
    }

    static func taint(
        of expression: Expression, parameters: Set<String>, localTaint: [String: Taint],
        locals: [String: VariableDeclaration], stateVariables: [String: VariableDeclaration]
    ) -> Taint {
        var result: Taint = []
        expression.forEachNode { node in
            result.formUnion(node.blockAttributeTaint)
            switch node.kind {
            case .identifier(let name):
                if parameters.contains(name) { result.insert(.parameter) }
                else if let taint = localTaint[name] { result.formUnion(taint) }
                else if locals[name] == nil, stateVariables[name] != nil { result.insert(.stateVariable) }
            case .member(let base, let name):
                if base.identifierName == "msg" {
                    switch name {
                    case "sender": result.insert(.sender)
                    case "value": result.insert(.value)
                    case "data", "sig": result.insert(.messageData)
                    default: break
                    }
                } else if base.identifierName == "tx", name == "origin" {
                    result.insert(.origin)
                }
            default:
                break
            }
        }
        return result
    }
}
