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
                                if function.taint(of: node).contains(.timestamp) { lines.insert(node.span.start.line) }
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
                line = directTimestampLine(lhs) ?? directTimestampLine(rhs)
                return
            }
            guard ["<", ">", "<=", ">=", "==", "!="].contains(op) else { return }
            for (side, other) in [(lhs, rhs), (rhs, lhs)] {
                guard let found = directTimestampLine(side) else { continue }
                if isPerUserValue(other, function: function) { continue }
                line = found
                return
            }
        }
        return line
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

    /// State variables compared with now: `require(now != pastBlockTime)`, `if (now < last + 1 minutes)`.
    static func stateVariablesComparedWithNow(_ contract: ContractModel) -> Set<String> {
        var result: Set<String> = []
        for function in contract.functions {
            StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                guard case .binary(let op, let lhs, let rhs) = node.kind, ["==", "!=", "<", ">", "<=", ">="].contains(op) else { return }
                for (side, other) in [(lhs, rhs), (rhs, lhs)] where directTimestampLine(side) != nil {
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
        let lower = function.definition.name.lowercased()
        return lower.contains("rand") || lower.contains("seed") || lower.contains("lucky")
    }
}

/// SWC-120: block attributes or blockhash used as a source of randomness.
struct WeakRandomness: Detector {
    let info = DetectorInfo(
        id: "weak-randomness", title: "Weak source of randomness", protocolType: "dependence_on_environment_variable",
        category: "bad_randomness", swc: "SWC-120", severity: .high,
        description: "blockhash, block.number, block.difficulty, coinbase or timestamp feed a hash or modulo that decides an outcome; miners and other contracts can predict or influence it.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            var randomnessUses: Set<String> = []
            for function in contract.functions {
                StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                    if node.isHashCall || Self.isModulo(node) {
                        node.forEachNode { if let name = $0.identifierName { randomnessUses.insert(name) } }
                    }
                }
            }
            let seeded = Set(contract.definition.stateVariables.filter { variable in
                variable.initialValue?.contains { !$0.blockAttributeTaint.isEmpty } ?? false
            }.map(\.name))
            for variable in contract.definition.stateVariables {
                guard seeded.contains(variable.name), randomnessUses.contains(variable.name) else { continue }
                findings.append(finding(line: variable.span.start.line, message: "State variable '\(variable.name)' is seeded from block data and used as randomness.",
                                        confidence: .medium, contract: contract.name, function: nil))
            }
            for function in contract.functions {
                let statements = function.definition.body.map { [$0] } ?? []
                let isRandomness = TimestampDependence.isRandomnessFunction(function)
                var lines: Set<Int> = []
                StatementWalker.forEach(in: statements) { statement, _ in
                    if case .variableDeclaration(let declarations, let value?) = statement.kind,
                       value.contains(where: { !$0.blockAttributeTaint.isEmpty }),
                       declarations.contains(where: { declaration in declaration.map { randomnessUses.contains($0.name) } ?? false }) {
                        lines.insert(statement.span.start.line)
                    }
                    for expression in statement.ownExpressions {
                        expression.forEachNode { node in
                            if node.blockAttributeTaint == .blockEntropy, node.calledName == "blockhash" { lines.insert(node.span.start.line) }
                            if isRandomness, !node.blockAttributeTaint.isEmpty { lines.insert(node.span.start.line) }
                            if case .call(let callee, _, _) = node.kind, callee.isMember("block", "blockhash") { lines.insert(node.span.start.line) }
                            guard node.isHashCall || Self.isModulo(node) else { return }
                            let taint = function.taint(of: node)
                            let usesSeed = node.contains { $0.identifierName.map { seeded.contains($0) && function.isStateVariable($0) } ?? false }
                            if taint.contains(.blockEntropy) || usesSeed || (taint.contains(.timestamp) && node.isHashCall) {
                                lines.insert(node.span.start.line)
                            }
                        }
                    }
                }
                for line in lines.sorted() {
                    findings.append(finding(
                        line: line, message: "'\(function.name)' derives randomness from block data that miners or other contracts can predict.",
                        confidence: .medium, contract: contract.name, function: function.name))
                }
            }
        }
        return findings
    }

    static func isModulo(_ node: Expression) -> Bool {
        if case .binary("%", _, _) = node.kind { return true }
        return false
    }
}
