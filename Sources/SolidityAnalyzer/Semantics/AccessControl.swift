/// Recognises owner-style protection: `onlyOwner`-like modifiers and checks that compare
/// `msg.sender`/`tx.origin` with storage (`require(msg.sender == owner)`, `if (!admins[msg.sender]) throw;`).
enum AccessControl {
    static let privilegedWords = ["owner", "admin", "auth", "only", "restricted", "manager", "governance", "governor",
                                  "operator", "controller", "creator", "minter", "role", "whitelist", "signer"]

    static func protection(
        of function: FunctionDefinition, contract: ContractContext, body: [Statement],
        parameters: Set<String>, locals: [String: VariableDeclaration]
    ) -> String? {
        if function.kind == .constructor { return "constructor" }
        for invocation in function.modifiers {
            if let modifier = contract.modifiersByName[invocation.name] {
                // `ownerExists(msg.sender)`: the modifier parameter bound to msg.sender stands for the caller.
                var aliases: Set<String> = []
                for (index, argument) in invocation.arguments.enumerated() where index < modifier.parameters.count {
                    if argument.unparenthesized.isMsgSender || argument.unparenthesized.isTxOrigin { aliases.insert(modifier.parameters[index].name) }
                }
                let parameters = Set(modifier.parameters.map(\.name)).subtracting(aliases)
                if let body = modifier.body, containsAccessCheck([body], contract: contract, parameters: parameters, locals: [:], senderAliases: aliases) {
                    return "modifier \(invocation.name)"
                }
            } else if isPrivilegedName(invocation.name) {
                return "modifier \(invocation.name)"
            }
        }
        if containsAccessCheck(body, contract: contract, parameters: parameters, locals: locals) {
            return "caller check"
        }
        return nil
    }

    static func isPrivilegedName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.contains("nonreentrant") || lower.contains("whennotpaused") || lower.contains("whenpaused") { return false }
        return privilegedWords.contains { lower.contains($0) }
    }

    static func containsAccessCheck(
        _ statements: [Statement], contract: ContractContext, parameters: Set<String>, locals: [String: VariableDeclaration],
        senderAliases: Set<String> = []
    ) -> Bool {
        var found = false
        StatementWalker.forEach(in: statements) { statement, _ in
            guard !found else { return }
            for condition in conditions(of: statement)
            where isAccessCondition(condition, contract: contract, parameters: parameters, locals: locals, senderAliases: senderAliases) {
                found = true
                return
            }
        }
        return found
    }

    /// Conditions guarding execution: `if`/`while` conditions and `require`/`assert` arguments.
    static func conditions(of statement: Statement) -> [Expression] {
        switch statement.kind {
        case .ifStatement(let condition, _, _), .whileStatement(let condition, _): return [condition]
        case .expression(let expression), .returnStatement(let expression?):
            var result: [Expression] = []
            expression.forEachNode { node in
                if case .call(let callee, let arguments, _) = node.kind,
                   let name = callee.identifierName, name == "require" || name == "assert", let first = arguments.first {
                    result.append(first)
                }
            }
            return result
        default: return []
        }
    }

    static func isAccessCondition(
        _ condition: Expression, contract: ContractContext, parameters: Set<String>, locals: [String: VariableDeclaration],
        senderAliases: Set<String> = []
    ) -> Bool {
        let isCaller = { (expression: Expression) -> Bool in
            let bare = strippingCasts(expression)
            return bare.isMsgSender || bare.isTxOrigin || (bare.identifierName.map(senderAliases.contains) ?? false)
        }
        // `amount <= allowed[from][msg.sender]` is accounting, not authorisation.
        var quantities: Set<SourceSpan> = []
        condition.forEachNode { node in
            if case .binary(let op, let lhs, let rhs) = node.kind, ["<", ">", "<=", ">="].contains(op) {
                quantities.insert(lhs.span)
                quantities.insert(rhs.span)
            }
        }
        return condition.contains { node in
            if quantities.contains(node.span) { return false }
            switch node.kind {
            case .binary(let op, let lhs, let rhs) where op == "==" || op == "!=":
                let (l, r) = (lhs.unparenthesized, rhs.unparenthesized)
                if isCaller(l) { return isPrivilegedOperand(r, contract: contract, parameters: parameters, locals: locals) }
                if isCaller(r) { return isPrivilegedOperand(l, contract: contract, parameters: parameters, locals: locals) }
                return false
            case .index(let base, let index?):
                guard isCaller(index), let root = base.rootIdentifier, contract.stateVariables[root] != nil else { return false }
                let type = contract.stateVariables[root]?.type
                return type?.element == "bool" || isPrivilegedName(root)
            case .call(let callee, let arguments, _):
                let name = callee.memberName ?? callee.identifierName ?? ""
                let lower = name.lowercased()
                if lower.hasPrefix("is") || lower.hasPrefix("has") || lower.hasPrefix("check") || lower.hasPrefix("_check") || lower.hasPrefix("only") {
                    if isPrivilegedName(name) { return true }
                    if arguments.contains(where: isCaller) { return true }
                }
                // `require(confirmAndCheck(op))` where the helper looks the caller up in the owner table.
                if let helpers = contract.functionsByName[name], helpers.contains(where: { helperChecksCaller($0, contract: contract) }) {
                    return true
                }
                return false
            default:
                return false
            }
        }
    }

    /// `uint(msg.sender)` → `msg.sender`.
    static func strippingCasts(_ expression: Expression) -> Expression {
        var current = expression.unparenthesized
        while case .call(let callee, let arguments, _) = current.kind, arguments.count == 1, callee.kind.isElementaryType {
            current = arguments[0].unparenthesized
        }
        return current
    }

    /// A helper whose body compares the caller with storage or looks the caller up in an owner/bool table
    /// (not followed into further calls).
    static func helperChecksCaller(_ helper: FunctionDefinition, contract: ContractContext) -> Bool {
        guard let body = helper.body else { return false }
        return body.ownAndNestedExpressions.contains { expression in
            expression.contains { node in
                switch node.kind {
                case .index(let base, let index?):
                    let key = strippingCasts(index)
                    guard key.isMsgSender || key.isTxOrigin, let root = base.rootIdentifier,
                          let variable = contract.stateVariables[root] else { return false }
                    return variable.type.element == "bool" || isPrivilegedName(root)
                case .binary(let op, let lhs, let rhs) where op == "==" || op == "!=":
                    for (side, other) in [(lhs, rhs), (rhs, lhs)] where strippingCasts(side).isMsgSender {
                        if let root = other.rootIdentifier, contract.stateVariables[root] != nil { return true }
                    }
                    return false
                default:
                    return false
                }
            }
        }
    }

    /// The other side of `msg.sender == X`: storage, a constant address or a call — not a parameter or local.
    static func isPrivilegedOperand(
        _ operand: Expression, contract: ContractContext, parameters: Set<String>, locals: [String: VariableDeclaration]
    ) -> Bool {
        if operand.isMsgSender || operand.isTxOrigin { return false }
        switch operand.kind {
        case .number, .call: return true
        default: break
        }
        guard let root = operand.rootIdentifier else { return false }
        if parameters.contains(root) || locals[root] != nil { return false }
        return contract.stateVariables[root] != nil || isPrivilegedName(root)
    }
}
