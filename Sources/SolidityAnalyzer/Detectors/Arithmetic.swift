/// SWC-101: unchecked arithmetic (before 0.8, or inside `unchecked {}`) on caller-influenced values that
/// reach storage, transfers or checks, without a guard and without SafeMath.
struct ArithmeticAnalysis: Sendable {
    struct Issue {
        var line: Int
        var isUnderflow: Bool
        var text: String
        var function: FunctionModel
    }

    static func issues(in model: SemanticModel) -> [Issue] {
        var result: [Issue] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            if contract.definition.kind == .library && contract.name.lowercased().contains("math") { continue }
            for function in contract.functions where !function.isModifier && !function.definition.isReadOnly && !function.isProtected {
                if model.budget.isExhausted { return result }
                guard let body = function.definition.body else { continue }
                let guards = GuardIndex(function: function)
                StatementWalker.forEach(in: [body]) { statement, context in
                    // From 0.8 only `unchecked {}` blocks wrap; in internal helpers they usually rest on invariants
                    // the callers establish (OpenZeppelin's `_update`), so only entry points are reported.
                    if model.version.hasCheckedArithmetic {
                        guard context.unchecked, function.definition.isExternallyCallable else { return }
                    }
                    var expressions = statement.ownExpressions
                    if case .forStatement = statement.kind { expressions = [] }
                    for expression in expressions {
                        expression.forEachNode { node in
                            if let issue = check(node, statement: statement, function: function, guards: guards) { result.append(issue) }
                        }
                    }
                }
            }
        }
        return result
    }

    static func check(_ node: Expression, statement: Statement, function: FunctionModel, guards: GuardIndex) -> Issue? {
        if let issue = smallLocalIssue(node, function: function, guards: guards) { return issue }
        switch node.kind {
        case .assignment(let op, let lhs, let rhs) where op == "+=" || op == "-=" || op == "*=":
            guard function.writesStorage(lhs), !isConstant(rhs, function: function) else { return nil }
            let taint = function.taint(of: rhs)
            let binaryOp = String(op.dropLast())
            guard isCallerInfluenced(taint, op: binaryOp) else { return nil }
            if guards.isGuarded(op: binaryOp, lhs: lhs, rhs: rhs, beforeLine: node.span.start.line) { return nil }
            return Issue(line: node.span.start.line, isUnderflow: op == "-=", text: lhs.canonical + " " + op + " " + rhs.canonical, function: function)
        case .binary(let op, let lhs, let rhs) where op == "+" || op == "-" || op == "*":
            if isConstant(lhs, function: function) && isConstant(rhs, function: function) { return nil }
            if isSmallLiteral(rhs) || isSmallLiteral(lhs) { return nil }
            let taint = function.taint(of: lhs).union(function.taint(of: rhs))
            guard isCallerInfluenced(taint, op: op), taint.contains(.parameter) || op != "+" else { return nil }
            // The result must involve storage: a storage operand, a storage destination, or a multiplication.
            let involvesStorage = readsStorageDirectly(lhs, function: function) || readsStorageDirectly(rhs, function: function)
                || flowsIntoStorage(node, statement: statement, function: function) || op == "*"
            guard involvesStorage else { return nil }
            if guards.isGuarded(op: op, lhs: lhs, rhs: rhs, beforeLine: node.span.start.line) { return nil }
            if guards.isOverflowCheck(node) { return nil }
            if guards.isCheckedAfterwards(node, statement: statement) { return nil }
            return Issue(line: node.span.start.line, isUnderflow: op == "-", text: node.canonical, function: function)
        default:
            return nil
        }
    }

    /// Wrapping arithmetic on a small local integer (`uint8 v = 0; v = v - 10;`, `level = level + step;`,
    /// `left -= by;`): the result is stored back into a local of 8 to 64 bits, and the other operand is chosen by
    /// the caller, read from storage, or (for subtraction) a literal larger than the local's literal start value.
    static func smallLocalIssue(_ node: Expression, function: FunctionModel, guards: GuardIndex) -> Issue? {
        guard case .assignment(let assignment, let lhs, let rhs) = node.kind, let name = lhs.unparenthesized.identifierName,
              let local = function.locals[name], !function.parameters.contains(name), isSmallInteger(local.type) else { return nil }
        let op: String
        let operand: Expression
        switch assignment {
        case "+=", "-=", "*=":
            op = String(assignment.dropLast())
            operand = rhs
        case "=":
            guard case .binary(let binary, let left, let right) = rhs.unparenthesized.kind, ["+", "-", "*"].contains(binary) else { return nil }
            if left.unparenthesized.identifierName == name { operand = right }
            else if right.unparenthesized.identifierName == name, binary != "-" { operand = left }
            else { return nil }
            op = binary
        default:
            return nil
        }
        let taint = function.taint(of: operand)
        var risky = !taint.isDisjoint(with: [.parameter, .value, .stateVariable])
        if !risky, op == "-", let subtrahend = literalValue(operand) {
            risky = subtrahend > (literalStart(of: name, in: function) ?? UInt64.max)
        }
        guard risky else { return nil }
        if guards.isGuarded(op: op, lhs: lhs, rhs: operand, beforeLine: node.span.start.line) { return nil }
        if guards.hasConstantBound(operand.unparenthesized.canonical) { return nil }
        return Issue(line: node.span.start.line, isUnderflow: op == "-", text: node.canonical, function: function)
    }

    /// `uint8` … `uint64`, `int8` … `int64`.
    static func isSmallInteger(_ type: TypeName) -> Bool {
        guard type.shape == .elementary else { return false }
        let digits = type.text.hasPrefix("uint") ? type.text.dropFirst(4) : type.text.hasPrefix("int") ? type.text.dropFirst(3) : ""
        guard let bits = Int(digits) else { return false }
        return bits <= 64
    }

    static func literalValue(_ expression: Expression) -> UInt64? {
        guard case .number(let text) = expression.unparenthesized.kind, !text.contains(" ") else { return nil }
        return UInt64(text)
    }

    /// The literal a local is declared with (`uint8 v = 0;`), if any.
    static func literalStart(of name: String, in function: FunctionModel) -> UInt64? {
        var start: UInt64?
        StatementWalker.forEach(in: function.effectiveBody) { statement, _ in
            guard start == nil, case .variableDeclaration(let declarations, let value?) = statement.kind, declarations.count == 1,
                  declarations[0]?.name == name else { return }
            start = literalValue(value)
        }
        return start
    }

    /// `balances[x]`, `count`, `uint(count)`: the operand itself is read from storage.
    static func readsStorageDirectly(_ operand: Expression, function: FunctionModel) -> Bool {
        var current = operand.unparenthesized
        while case .call(let callee, let arguments, _) = current.kind, arguments.count == 1, callee.kind.isElementaryType {
            current = arguments[0].unparenthesized
        }
        if case .call = current.kind { return false }
        guard let root = current.rootIdentifier else { return false }
        if let variable = function.contract.stateVariables[root], variable.isConstant { return false }
        return function.writesStorage(current)
    }

    /// `total = a + b;` with `total` in storage.
    static func flowsIntoStorage(_ node: Expression, statement: Statement, function: FunctionModel) -> Bool {
        guard case .expression(let expression) = statement.kind, case .assignment(_, let lhs, let rhs) = expression.kind,
              function.writesStorage(lhs) else { return false }
        return rhs.contains { $0.span == node.span }
    }

    static func isCallerInfluenced(_ taint: Taint, op: String) -> Bool {
        if taint.contains(.parameter) { return true }
        // `balances[msg.sender] += msg.value` cannot realistically overflow; subtraction/multiplication can.
        return op != "+" && taint.contains(.value)
    }

    static func isSmallLiteral(_ expression: Expression) -> Bool {
        var current = expression.unparenthesized
        if case .unary("-", let operand, true) = current.kind { current = operand.unparenthesized }
        if case .number(let text) = current.kind { return !text.contains(" ") && text.count <= 3 }
        return false
    }

    static func isConstant(_ expression: Expression, function: FunctionModel) -> Bool {
        var constant = true
        expression.forEachNode { node in
            switch node.kind {
            case .identifier(let name):
                if let variable = function.contract.stateVariables[name], variable.isConstant, function.isStateVariable(name) { return }
                constant = false
            case .member, .call: constant = false
            default: break
            }
        }
        return constant
    }
}

/// SWC-101 overflow half.
struct IntegerOverflow: Detector {
    let info = DetectorInfo(
        id: "integer-overflow", title: "Integer overflow", protocolType: "integer_overflow", category: "arithmetic",
        swc: "SWC-101", severity: .high,
        description: "Unchecked addition or multiplication of caller-influenced values (before 0.8 or in unchecked{}) can wrap around.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        ArithmeticAnalysis.issues(in: model).filter { !$0.isUnderflow }.map { issue in
            finding(line: issue.line, message: "'\(issue.text)' in '\(issue.function.name)' can overflow; use SafeMath or Solidity ≥ 0.8.",
                    confidence: .medium, contract: issue.function.contract.name, function: issue.function.name)
        }
    }
}

/// SWC-101 underflow half.
struct IntegerUnderflow: Detector {
    let info = DetectorInfo(
        id: "integer-underflow", title: "Integer underflow", protocolType: "integer_underflow", category: "arithmetic",
        swc: "SWC-101", severity: .high,
        description: "Unchecked subtraction of caller-influenced values (before 0.8 or in unchecked{}) can wrap below zero.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        ArithmeticAnalysis.issues(in: model).filter(\.isUnderflow).map { issue in
            finding(line: issue.line, message: "'\(issue.text)' in '\(issue.function.name)' can underflow; check the operands first or use SafeMath / Solidity ≥ 0.8.",
                    confidence: .medium, contract: issue.function.contract.name, function: issue.function.name)
        }
    }
}
