extension FunctionModel {
    /// Storage locations written by this single expression node (not its children):
    /// assignments, `++`/`--`/`delete`, and `push`/`pop`/`length` changes of storage arrays.
    func storageWrite(at node: Expression) -> Expression? {
        switch node.kind {
        case .assignment(_, let lhs, _):
            if case .tuple(let items) = lhs.unparenthesized.kind {
                return items.compactMap { $0 }.first { writesStorage($0) }
            }
            return writesStorage(lhs) ? lhs : nil
        case .unary(let op, let operand, _) where op == "++" || op == "--" || op == "delete":
            return writesStorage(operand) ? operand : nil
        case .call(let callee, _, _):
            if let parts = callee.memberParts, parts.name == "push" || parts.name == "pop", writesStorage(parts.base) {
                return parts.base
            }
            return nil
        default:
            return nil
        }
    }

    /// All storage writes inside `expression`.
    func storageWrites(in expression: Expression) -> [Expression] {
        var result: [Expression] = []
        expression.forEachNode { node in
            if let written = storageWrite(at: node) { result.append(written) }
        }
        return result
    }

    /// Every classified call in the function (modifier prologue and body), with its statement context.
    func computeCallSites() -> [(call: CallSite, statement: Statement, context: StatementWalker.Context)] {
        var result: [(CallSite, Statement, StatementWalker.Context)] = []
        StatementWalker.forEachExpression(in: effectiveBody + modifierEpilogue) { node, statement, context in
            if let call = CallSite.classify(node, in: self) { result.append((call, statement, context)) }
        }
        return result
    }

    /// True if any condition (`if`, `while`, `require`, `assert`, ternary) in the function satisfies `predicate`.
    func anyCondition(_ predicate: (Expression) -> Bool) -> Bool {
        var found = false
        StatementWalker.forEach(in: effectiveBody) { statement, _ in
            if found { return }
            for condition in AccessControl.conditions(of: statement) where predicate(condition) {
                found = true
                return
            }
            if case .forStatement(_, let condition?, _, _) = statement.kind, predicate(condition) { found = true }
        }
        return found
    }

    /// Statements of the function in source order (including nested ones).
    var allStatements: [Statement] {
        var result: [Statement] = []
        StatementWalker.forEach(in: effectiveBody) { statement, _ in result.append(statement) }
        return result
    }
}

extension Expression {
    /// `this.balance` or `address(this).balance`.
    var isContractBalance: Bool {
        guard let parts = memberParts, parts.name == "balance" else { return false }
        let base = parts.base.unparenthesized
        if base.identifierName == "this" { return true }
        if case .call(let callee, let arguments, _) = base.kind, arguments.count == 1,
           arguments[0].identifierName == "this", callee.identifierName == "address" || callee.canonical == "address" {
            return true
        }
        if case .call(_, let arguments, _) = base.kind, arguments.count == 1, arguments[0].identifierName == "this" { return true }
        return false
    }

    /// Name of a called function: `f(…)` → f, `a.b(…)` → b.
    var calledName: String? {
        guard case .call(let callee, _, _) = kind else { return nil }
        return callee.identifierName ?? callee.memberName ?? (callee.kind.isElementaryType ? callee.canonical : nil)
    }

    /// True for `keccak256(…)`, `sha3(…)`, `sha256(…)`, `ripemd160(…)`.
    var isHashCall: Bool {
        guard let name = calledName else { return false }
        return name == "keccak256" || name == "sha3" || name == "sha256" || name == "ripemd160"
    }
}

extension Expression.Kind {
    var isElementaryType: Bool { if case .elementaryType = self { return true } else { return false } }
}
