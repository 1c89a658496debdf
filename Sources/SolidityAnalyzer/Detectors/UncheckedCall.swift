/// SWC-104: the boolean result of `call`, `send`, `delegatecall` or `callcode` is ignored.
struct UncheckedLowLevelCall: Detector {
    let info = DetectorInfo(
        id: "unchecked-low-level-call", title: "Unchecked low-level call", protocolType: "unchecked_call_return_value",
        category: "unchecked_low_level_calls", swc: "SWC-104", severity: .medium,
        description: "The return value of a low-level call/send/delegatecall/callcode is not checked, so a failed call goes unnoticed.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts {
            for function in contract.functions where function.definition.body != nil {
                if model.budget.isExhausted { break }
                let statements = function.definition.body.map { [$0] } ?? []
                let usedNames = Self.referencedIdentifiers(in: statements)
                StatementWalker.forEach(in: statements) { statement, _ in
                    switch statement.kind {
                    case .expression(let expression):
                        if let call = ignoredCall(expression, in: function) {
                            findings.append(report(call, function: function))
                        } else if case .assignment("=", let lhs, let rhs) = expression.kind,
                                  let call = CallSite.classify(rhs.unparenthesized, in: function), call.isLowLevel,
                                  let names = Self.assignedNames(lhs), !names.isEmpty,
                                  names.allSatisfy({ (usedNames[$0] ?? 0) <= 1 }), names.allSatisfy({ function.locals[$0] != nil }) {
                            findings.append(report(call, function: function))
                        }
                    case .variableDeclaration(let declarations, let value?):
                        guard let call = CallSite.classify(value.unparenthesized, in: function), call.isLowLevel else { return }
                        guard let first = declarations.first, let success = first, !success.name.isEmpty else {
                            findings.append(report(call, function: function))
                            return
                        }
                        if (usedNames[success.name] ?? 0) == 0 { findings.append(report(call, function: function)) }
                    default:
                        break
                    }
                }
            }
        }
        return findings
    }

    /// `x.send(v);` or `x.call.value(v)();` as a whole statement.
    func ignoredCall(_ expression: Expression, in function: FunctionModel) -> CallSite? {
        let bare = expression.unparenthesized
        // `target.call.value(amount);` — never invoked, so nothing is sent and nothing is checked.
        if case .call(let callee, let arguments, _) = bare.kind, let parts = callee.memberParts, parts.name == "value",
           let low = parts.base.memberParts, low.name == "call" {
            return CallSite(kind: .lowLevelCall, expression: bare, target: low.base, value: arguments.first, arguments: [], calleeName: "call")
        }
        guard let call = CallSite.classify(bare, in: function), call.isLowLevel else { return nil }
        return call
    }

    func report(_ call: CallSite, function: FunctionModel) -> SolidityFinding {
        finding(
            line: call.line,
            message: "Return value of low-level '\(call.kind.rawValue)' in '\(function.name)' is not checked; wrap it in require() or handle failure.",
            confidence: call.kind == .send || call.kind == .lowLevelCall ? .high : .medium,
            contract: function.contract.name, function: function.name)
    }

    static func assignedNames(_ lhs: Expression) -> [String]? {
        switch lhs.unparenthesized.kind {
        case .identifier(let name): return [name]
        case .tuple(let items):
            guard let first = items.first, let name = first?.identifierName else { return nil }
            return [name]
        default: return nil
        }
    }

    /// How often each identifier occurs in expressions (declarations are not expressions).
    static func referencedIdentifiers(in statements: [Statement]) -> [String: Int] {
        var counts: [String: Int] = [:]
        StatementWalker.forEachExpression(in: statements) { node, _, _ in
            if let name = node.identifierName { counts[name, default: 0] += 1 }
        }
        return counts
    }
}
