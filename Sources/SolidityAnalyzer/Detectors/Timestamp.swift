/// SWC-116: `block.timestamp`/`now` decides a condition or feeds a pseudo-random value.
struct TimestampDependence: Detector {
    let info = DetectorInfo(
        id: "timestamp-dependence", title: "Block timestamp dependence", protocolType: "time_dependency",
        category: "time_manipulation", swc: "SWC-116", severity: .low,
        description: "block.timestamp/now is used in a condition, a comparison or as a source of randomness; miners can shift it by several seconds.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            let comparedWithNow = Self.stateVariablesComparedWithNow(contract)
            for function in contract.functions {
                let statements = function.definition.body.map { [$0] } ?? []
                let isRandomness = Self.isRandomnessFunction(function)
                StatementWalker.forEach(in: statements) { statement, _ in
                    var lines: Set<Int> = []
                    var conditions = AccessControl.conditions(of: statement)
                    if case .forStatement(_, let condition?, _, _) = statement.kind { conditions.append(condition) }
                    for condition in conditions {
                        if let line = Self.timestampLine(in: condition, function: function) { lines.insert(line) }
                    }
                    for expression in statement.ownExpressions {
                        expression.forEachNode { node in
                            if isRandomness, node.blockAttributeTaint == .timestamp {
                                lines.insert(node.span.start.line)
                            }
                            switch node.kind {
                            case .binary(let op, _, _) where ["<", ">", "<=", ">=", "==", "!=", "%"].contains(op):
                                if let line = Self.timestampLine(in: node, function: function) { lines.insert(line) }
                            case .conditional(let condition, _, _):
                                if let line = Self.timestampLine(in: condition, function: function) { lines.insert(line) }
                            case .call where node.isHashCall:
                                // Timestamp-only "randomness" (`sha3(block.timestamp)`); with blockhash/number in the
                                // mix the weak-randomness detector owns the line.
                                let taint = function.taint(of: node)
                                if let line = Self.directTimestampLine(node), !taint.contains(.blockEntropy) { lines.insert(line) }
                            case .assignment("=", let lhs, let rhs):
                                if rhs.unparenthesized.blockAttributeTaint == .timestamp, let root = lhs.rootIdentifier,
                                   comparedWithNow.contains(root), function.isStateVariable(root) {
                                    lines.insert(node.span.start.line)
                                }
                            default: break
                            }
                        }
                    }
                    for line in lines.sorted() {
                        findings.append(finding(
                            line: line, message: "'\(function.name)' depends on block.timestamp/now, which the miner can manipulate.",
                            confidence: .medium, contract: contract.name, function: function.name))
                    }
                }
            }
        }
        return findings
    }

    /// The line of the first direct `now`/`block.timestamp` that decides a comparison or modulo inside
    /// `expression`. Comparisons against per-user lock times (`now > lockTime[msg.sender]`, `acc.unlockTime`)
    /// or caller-supplied values only validate input and are not reported.
    static func timestampLine(in expression: Expression, function: FunctionModel) -> Int? {
        var line: Int?
        expression.forEachNode { node in
            guard line == nil, case .binary(let op, let lhs, let rhs) = node.kind else { return }
            if op == "%" {
                // `now % 15`: the timestamp itself is the operand (hashes of it are handled as hashes).
                for operand in [lhs, rhs] where strippingCasts(operand).blockAttributeTaint == .timestamp {
                    line = operand.span.start.line
                }
                return
            }
            guard ["<", ">", "<=", ">=", "==", "!="].contains(op) else { return }
            for (side, other) in [(lhs, rhs), (rhs, lhs)] {
                // Equality with a local copy of the timestamp (`uint t = now; if (t == deadline)`) decides the
                // outcome just like the direct read; the comparison is the line.
                let found = directTimestampLine(side)
                    ?? ((op == "==" || op == "!=") && isTimestampLocal(side, function: function) ? node.span.start.line : nil)
                guard let found else { continue }
                if isPerUserValue(other, function: function) { continue }
                line = found
                return
            }
        }
        return line
    }

    /// A local variable holding (a value derived from) block.timestamp/now.
    static func isTimestampLocal(_ expression: Expression, function: FunctionModel) -> Bool {
        expression.contains { node in
            guard let name = node.identifierName, function.locals[name] != nil, !function.parameters.contains(name),
                  function.localTaint[name]?.contains(.timestamp) == true else { return false }
            // A copy (`uint t = now;`, `now + 1 days`), not a hash or modulo of it: those are randomness, reported
            // where the timestamp is read.
            var isCopy = false
            StatementWalker.forEach(in: function.effectiveBody) { statement, _ in
                guard case .variableDeclaration(let declarations, let value?) = statement.kind,
                      declarations.contains(where: { $0?.name == name }) else { return }
                isCopy = directTimestampLine(value) != nil && !value.contains { inner in
                    if inner.isHashCall { return true }
                    if case .binary("%", _, _) = inner.kind { return true }
                    return false
                }
            }
            return isCopy
        }
    }

    static func directTimestampLine(_ expression: Expression) -> Int? {
        var line: Int?
        expression.forEachNode { node in
            if line == nil, node.blockAttributeTaint == .timestamp { line = node.span.start.line }
        }
        return line
    }

    static func isPerUserValue(_ expression: Expression, function: FunctionModel) -> Bool {
        if function.taint(of: expression).contains(.parameter) { return true }
        return expression.contains { node in
            if case .index(_, let index?) = node.kind, index.unparenthesized.isMsgSender { return true }
            if let name = node.identifierName, function.storagePointers.contains(name) { return true }
            return false
        }
    }

    /// `uint(now)` → `now`.
    static func strippingCasts(_ expression: Expression) -> Expression {
        var current = expression.unparenthesized
        while case .call(let callee, let arguments, _) = current.kind, arguments.count == 1, callee.kind.isElementaryType {
            current = arguments[0].unparenthesized
        }
        return current
    }

    /// State variables tested for (in)equality with now: `require(now != pastBlockTime)` (one action per block).
    static func stateVariablesComparedWithNow(_ contract: ContractModel) -> Set<String> {
        var result: Set<String> = []
        for function in contract.functions {
            StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                guard case .binary(let op, let lhs, let rhs) = node.kind, op == "==" || op == "!=" else { return }
                for (side, other) in [(lhs, rhs), (rhs, lhs)] where directTimestampLine(side) != nil && !isPerUserValue(other, function: function) {
                    other.forEachNode { inner in
                        if let name = inner.identifierName, function.isStateVariable(name) { result.insert(name) }
                    }
                }
            }
        }
        return result
    }

    /// `random()`, `rand`, `getSeed()`: a function whose name says it produces randomness.
    static func isRandomnessFunction(_ function: FunctionModel) -> Bool {
        guard function.definition.kind == .function else { return false }
        let lower = function.definition.name.lowercased()
        return lower.contains("random") || lower.hasPrefix("rand") || lower.hasSuffix("rand") || lower.contains("seed")
    }
}
