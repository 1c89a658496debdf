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
                            if Self.isModulo(node) {
                                var direct: Taint = []
                                node.forEachNode { direct.formUnion($0.blockAttributeTaint) }
                                let usesSeed = node.contains { $0.identifierName.map { seeded.contains($0) && function.isStateVariable($0) } ?? false }
                                if direct.contains(.blockEntropy) || usesSeed { lines.insert(node.span.start.line) }
                            }
                            // A hash of block data used as a number (`uint(keccak256(now)) % 2`), not as an id.
                            if Self.isNumericUse(node), node.contains(where: { $0.isHashCall && Self.hashesBlockData($0) }) {
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

    static func hashesBlockData(_ hash: Expression) -> Bool {
        var direct: Taint = []
        hash.forEachNode { direct.formUnion($0.blockAttributeTaint) }
        return !direct.isDisjoint(with: Taint.blockAttributes)
    }

    /// `%`, `==`, or a cast to an integer type.
    static func isNumericUse(_ node: Expression) -> Bool {
        switch node.kind {
        case .binary(let op, _, _): return op == "%" || op == "==" || op == "!="
        case .call(let callee, let arguments, _):
            guard arguments.count == 1, case .elementaryType(let name) = callee.kind else { return false }
            return name.hasPrefix("uint") || name.hasPrefix("int")
        default: return false
        }
    }

    static func isModulo(_ node: Expression) -> Bool {
        if case .binary("%", _, _) = node.kind { return true }
        return false
    }
}
