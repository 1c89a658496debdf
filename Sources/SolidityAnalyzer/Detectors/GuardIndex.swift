/// The comparisons that guard arithmetic in one function: `require(a >= b)`, `if (a < b) throw;`,
/// `assert(c >= a)` after `c = a + b`, explicit bounds like `require(n <= 100)`.
struct GuardIndex {
    struct Comparison {
        var op: String
        var lhs: String
        var rhs: String
        var lhsIsConstant: Bool
        var rhsIsConstant: Bool
        var lhsReadsStorage: Bool
        var rhsReadsStorage: Bool
        var line: Int
        var isRequire: Bool
        /// `a - b >= 0` style checks that are always true for unsigned integers.
        var isVacuous: Bool
    }

    var comparisons: [Comparison] = []

    /// True if `text` is compared with a constant somewhere (`require(n <= 20)`): an explicit bound.
    func hasConstantBound(_ text: String) -> Bool {
        comparisons.contains { ($0.lhs == text && $0.rhsIsConstant) || ($0.rhs == text && $0.lhsIsConstant) }
    }

    init(function: FunctionModel) {
        var result: [Comparison] = []
        StatementWalker.forEach(in: function.effectiveBody) { statement, _ in
            var conditions = AccessControl.conditions(of: statement)
            let isRequire: Bool
            if case .ifStatement = statement.kind { isRequire = false } else if case .whileStatement = statement.kind { isRequire = false } else { isRequire = true }
            if case .expression(let e) = statement.kind {
                e.forEachNode { node in if case .conditional(let c, _, _) = node.kind { conditions.append(c) } }
            }
            for condition in conditions {
                condition.forEachNode { node in
                    guard case .binary(let op, let lhs, let rhs) = node.kind, ["<", ">", "<=", ">=", "==", "!="].contains(op) else { return }
                    let vacuous = (op == ">=" && rhs.canonical == "0") || (op == "<=" && lhs.canonical == "0")
                    result.append(Comparison(
                        op: op, lhs: lhs.unparenthesized.canonical, rhs: rhs.unparenthesized.canonical,
                        lhsIsConstant: ArithmeticAnalysis.isConstant(lhs, function: function),
                        rhsIsConstant: ArithmeticAnalysis.isConstant(rhs, function: function),
                        lhsReadsStorage: ArithmeticAnalysis.readsStorageDirectly(lhs, function: function),
                        rhsReadsStorage: ArithmeticAnalysis.readsStorageDirectly(rhs, function: function),
                        line: condition.span.start.line, isRequire: isRequire, isVacuous: vacuous))
                }
            }
        }
        comparisons = result
    }

    /// True if a comparison on or before `beforeLine` relates the operands as a guard for `op`.
    func isGuarded(op: String, lhs: Expression, rhs: Expression, beforeLine: Int) -> Bool {
        let a = lhs.unparenthesized.canonical
        let b = rhs.unparenthesized.canonical
        for comparison in comparisons where comparison.line <= beforeLine && !comparison.isVacuous {
            let sides = [comparison.lhs, comparison.rhs]
            let mentions = { (text: String) in sides.contains { $0 == text || $0.contains(text) } }
            switch op {
            case "-":
                if mentions(a) && mentions(b) {
                    if !comparison.isRequire { return true }
                    // require(a >= b), require(b <= a), require(a > b), require(b < a)
                    if (comparison.op == ">=" || comparison.op == ">") && comparison.lhs.contains(a) && comparison.rhs.contains(b) { return true }
                    if (comparison.op == "<=" || comparison.op == "<") && comparison.lhs.contains(b) && comparison.rhs.contains(a) { return true }
                    if comparison.op == "==" || comparison.op == "!=" { continue }
                }
                // `require(amount <= balances[msg.sender]); totalDeposits -= amount;` — the amount is bounded by
                // an accounted balance, and totals are at least any single balance.
                if comparison.op != "==" && comparison.op != "!=" && lhs.unparenthesized.kind.isIdentifierOrMember
                    && ((comparison.lhs == b && comparison.rhsReadsStorage) || (comparison.rhs == b && comparison.lhsReadsStorage)) {
                    return true
                }
            default:
                // Overflow check mentioning both operands (`a + b >= a`) or an explicit constant bound on the tainted operand.
                if mentions(a) && mentions(b) && comparison.op != "==" && comparison.op != "!=" { return true }
                if (comparison.lhs == b && comparison.rhsIsConstant) || (comparison.rhs == b && comparison.lhsIsConstant) {
                    if comparison.op != "==" && comparison.op != "!=" { return true }
                }
            }
        }
        return false
    }

    /// `a + b >= a` itself is the guard, not an overflow.
    func isOverflowCheck(_ node: Expression) -> Bool {
        let text = node.canonical
        guard case .binary(_, let lhs, let rhs) = node.kind else { return false }
        let a = lhs.unparenthesized.canonical
        let b = rhs.unparenthesized.canonical
        return comparisons.contains { comparison in
            (comparison.lhs == text && (comparison.rhs == a || comparison.rhs == b))
                || (comparison.rhs == text && (comparison.lhs == a || comparison.lhs == b))
        }
    }

    /// `c = a + b; require(c >= a);` — the result is checked right after.
    func isCheckedAfterwards(_ node: Expression, statement: Statement) -> Bool {
        var resultName: String?
        switch statement.kind {
        case .variableDeclaration(let declarations, let value?) where declarations.count == 1:
            if value.unparenthesized.canonical == node.canonical { resultName = declarations[0]?.name }
        case .expression(let expression):
            if case .assignment("=", let lhs, let rhs) = expression.kind, rhs.unparenthesized.canonical == node.canonical {
                resultName = lhs.canonical
            }
        default: break
        }
        guard let name = resultName, !name.isEmpty, case .binary(_, let lhs, let rhs) = node.kind else { return false }
        let operands = [lhs.unparenthesized.canonical, rhs.unparenthesized.canonical]
        // `assert(c >= a)` after `c = a + b`, or `assert(c / a == b)` after `c = a * b`.
        return comparisons.contains { comparison in
            guard comparison.line >= statement.span.start.line else { return false }
            let sides = [comparison.lhs, comparison.rhs]
            guard sides.contains(where: { $0 == name || $0.hasPrefix("(" + name + "/") }) else { return false }
            return sides.contains { side in operands.contains { side == $0 || side.contains("/" + $0 + ")") } }
        }
    }
}
