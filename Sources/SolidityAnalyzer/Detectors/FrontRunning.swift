/// SWC-114: a reward for submitting a hash pre-image; the answer is visible in the mempool.
struct HashPuzzleFrontRunning: Detector {
    let info = DetectorInfo(
        id: "front-running-hash-puzzle", title: "Front-runnable hash puzzle", protocolType: "transaction_order_dependency",
        category: "front_running", swc: "SWC-114", severity: .medium,
        description: "A payout is released to whoever submits a hash pre-image; a front-runner can copy the pending solution with a higher gas price.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            for function in contract.functions where function.definition.isExternallyCallable && !function.isModifier && !function.definition.isReadOnly {
                let paysOut = function.callSites.contains { $0.call.sendsEther } || contract.definition.kind == .contract && function.callSites.contains { $0.call.kind == .external && $0.call.calleeName == "transfer" }
                guard paysOut || Self.recordsCaller(function) else { continue }
                let statements = function.definition.body.map { [$0] } ?? []
                let hashLocals = Self.hashedParameterLocals(function)
                StatementWalker.forEach(in: statements) { statement, _ in
                    for condition in AccessControl.conditions(of: statement) where Self.isPreimageCheck(condition, function: function, hashLocals: hashLocals) {
                        findings.append(finding(
                            line: condition.span.start.line, message: "'\(function.name)' pays for a hash pre-image sent in clear; a front-runner can steal the solution (use commit-reveal).",
                            confidence: .medium, contract: contract.name, function: function.name))
                        return
                    }
                }
            }
        }
        return findings
    }

    /// The function rewards or records the caller in storage: `winner = msg.sender`, `solved[msg.sender] = true`.
    static func recordsCaller(_ function: FunctionModel) -> Bool {
        var found = false
        StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
            guard !found, let written = function.storageWrite(at: node) else { return }
            if written.contains(where: \.isMsgSender) { found = true; return }
            if case .assignment(_, _, let rhs) = node.kind, rhs.unparenthesized.isMsgSender { found = true }
        }
        return found
    }

    /// Locals that hold a hash of a parameter: `bytes32 digest = keccak256(abi.encodePacked(word));`.
    static func hashedParameterLocals(_ function: FunctionModel) -> Set<String> {
        var result: Set<String> = []
        StatementWalker.forEach(in: function.effectiveBody) { statement, _ in
            guard case .variableDeclaration(let declarations, let value?) = statement.kind, declarations.count == 1,
                  let name = declarations[0]?.name, value.unparenthesized.isHashCall,
                  function.taint(of: value).contains(.parameter) else { return }
            result.insert(name)
        }
        return result
    }

    static func isPreimageCheck(_ condition: Expression, function: FunctionModel, hashLocals: Set<String> = []) -> Bool {
        condition.contains { node in
            guard case .binary(let op, let lhs, let rhs) = node.kind, op == "==" else { return false }
            for (side, other) in [(lhs.unparenthesized, rhs), (rhs.unparenthesized, lhs)] {
                // The expected answer is stored or constant, not chosen in the same call (a signature check).
                if let name = side.identifierName, hashLocals.contains(name), !function.taint(of: other).contains(.parameter) { return true }
                var hashed: Expression? = side.isHashCall ? side : nil
                if hashed == nil, case .call(_, let arguments, _) = side.kind, arguments.count == 1, arguments[0].unparenthesized.isHashCall {
                    hashed = arguments[0].unparenthesized
                }
                if let hashed, function.taint(of: hashed).contains(.parameter), !function.taint(of: other).contains(.parameter) { return true }
            }
            return false
        }
    }
}

/// SWC-114: a payout whose amount another transaction can change just before it (transaction order dependence).
struct OrderDependentPayout: Detector {
    let info = DetectorInfo(
        id: "front-running-tod-payout", title: "Transaction-order-dependent payout", protocolType: "transaction_order_dependency",
        category: "front_running", swc: "SWC-114", severity: .medium,
        description: "Ether is sent in an amount held in a storage variable that another public transaction can change first (e.g. a reward reset).")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            // Plain storage variables set from msg.value or parameters outside the constructor, by function.
            var setters: [String: [FunctionModel]] = [:]
            for function in contract.functions where !function.isConstructor && !function.isModifier && function.definition.isExternallyCallable {
                StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                    guard case .assignment("=", let lhs, let rhs) = node.kind, let name = lhs.unparenthesized.identifierName,
                          function.isStateVariable(name), function.contract.stateVariables[name]?.type.isInteger == true,
                          !function.taint(of: rhs).isDisjoint(with: [.value, .parameter]) else { return }
                    setters[name, default: []].append(function)
                }
            }
            guard !setters.isEmpty else { continue }
            var payouts: [(call: CallSite, function: FunctionModel, amount: String)] = []
            for function in contract.functions where !function.isModifier && function.definition.isExternallyCallable {
                for (call, _, _) in function.callSites where call.sendsEther {
                    guard let name = call.value?.unparenthesized.identifierName, setters[name] != nil, function.isStateVariable(name) else { continue }
                    payouts.append((call, function, name))
                }
            }
            // Order dependence needs a payout that does not itself reset the amount (e.g. claimReward vs setReward).
            let raced = Set(payouts.filter { payout in
                !(setters[payout.amount] ?? []).contains { $0.definition.name == payout.function.definition.name }
            }.map(\.amount))
            for (call, function, name) in payouts where raced.contains(name) {
                findings.append(finding(
                    line: call.line, message: "'\(function.name)' pays out '\(name)', which a concurrent transaction can change before this one is mined.",
                    confidence: .low, contract: contract.name, function: function.name))
            }
        }
        return findings
    }
}

/// SWC-114: ERC-20 `approve` overwrites a non-zero allowance (the spender can spend old + new).
struct ApproveRace: Detector {
    let info = DetectorInfo(
        id: "erc20-approve-race", title: "ERC-20 approve race", protocolType: "transaction_order_dependency",
        category: "front_running", swc: "SWC-114", severity: .low,
        description: "approve() sets a new allowance without requiring the old one to be zero; the spender can front-run and spend both.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind == .contract || contract.definition.kind == .abstractContract {
            for function in contract.functions where function.definition.name == "approve" && function.definition.body != nil {
                let hasZeroCheck = function.anyCondition { condition in
                    condition.contains { node in
                        if case .binary("==", _, let rhs) = node.kind, rhs.canonical == "0" { return true }
                        return false
                    }
                }
                if hasZeroCheck { continue }
                StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                    guard case .assignment("=", let lhs, let rhs) = node.kind, function.writesStorage(lhs),
                          case .index(let inner, _) = lhs.unparenthesized.kind, case .index(_, let owner?) = inner.kind,
                          owner.unparenthesized.isMsgSender, function.taint(of: rhs).contains(.parameter) else { return }
                    findings.append(finding(
                        line: node.span.start.line, message: "approve() overwrites the allowance; a spender can front-run the change and spend both amounts.",
                        confidence: .low, contract: contract.name, function: function.name))
                }
            }
        }
        return findings
    }
}
