/// SWC-105: anyone can withdraw ether they are not entitled to.
struct UnprotectedEtherWithdrawal: Detector {
    let info = DetectorInfo(
        id: "unprotected-ether-withdrawal", title: "Unprotected ether withdrawal", protocolType: "unprotected_ether_withdrawal",
        category: "access_control", swc: "SWC-105", severity: .high,
        description: "An unrestricted function sends the contract balance, a caller-chosen amount, or a credited balance that is never reduced to a caller-chosen address.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind == .contract || contract.definition.kind == .abstractContract {
            for function in contract.functions where function.definition.isExternallyCallable {
                if function.isConstructor || function.isProtected || function.definition.isReadOnly || function.isModifier { continue }
                let gated = function.anyCondition { condition in
                    !function.taint(of: condition).isDisjoint(with: [.stateVariable, .value, .timestamp, .blockEntropy])
                }
                if let line = Self.invertedBalanceCheck(in: function) {
                    findings.append(finding(
                        line: line, message: "'\(function.name)' requires the amount to be at least the caller's balance (inverted check), so anyone can withdraw more than they own.",
                        confidence: .medium, contract: contract.name, function: function.name))
                }
                for (call, _, _) in function.callSites where call.sendsEther {
                    guard let target = call.target?.unparenthesized, let amount = call.value else { continue }
                    let recipientTaint = function.taint(of: target)
                    guard target.isMsgSender || recipientTaint.contains(.sender) || recipientTaint.contains(.parameter)
                        || recipientTaint.contains(.origin) else { continue }
                    if let reason = reason(amount: amount, gated: gated, function: function) {
                        findings.append(finding(
                            line: call.line, message: "'\(function.name)' \(reason); restrict it or account for the caller's entitlement.",
                            confidence: .medium, contract: contract.name, function: function.name))
                    }
                }
            }
        }
        return findings
    }

    /// `require(amount >= balances[msg.sender]); msg.sender.transfer(amount);` — the comparison is the wrong way round.
    static func invertedBalanceCheck(in function: FunctionModel) -> Int? {
        let paidAmounts = Set(function.callSites.filter { $0.call.sendsEther }.compactMap { $0.call.value?.unparenthesized.canonical })
        guard !paidAmounts.isEmpty else { return nil }
        var line: Int?
        StatementWalker.forEach(in: function.effectiveBody) { statement, _ in
            guard line == nil, case .expression = statement.kind else { return }
            for condition in AccessControl.conditions(of: statement) {
                guard case .binary(let op, let lhs, let rhs) = condition.unparenthesized.kind else { continue }
                let (amount, balance): (Expression, Expression)
                switch op {
                case ">=", ">": (amount, balance) = (lhs, rhs)
                case "<=", "<": (amount, balance) = (rhs, lhs)
                default: continue
                }
                guard paidAmounts.contains(amount.unparenthesized.canonical), function.taint(of: amount).contains(.parameter),
                      case .index(let base, let index?) = balance.unparenthesized.kind, index.unparenthesized.isMsgSender,
                      let root = base.rootIdentifier, function.isStateVariable(root) else { continue }
                line = condition.span.start.line
            }
        }
        return line
    }

    func reason(amount: Expression, gated: Bool, function: FunctionModel) -> String? {
        let amountTaint = function.taint(of: amount)
        if amount.contains(where: \.isContractBalance) && !gated {
            return "sends the whole contract balance to any caller"
        }
        if !gated, amountTaint.contains(.parameter), !amountTaint.contains(.stateVariable),
           !function.anyCondition({ condition in condition.contains { node in function.taint(of: node).contains(.parameter) } }) {
            return "sends a caller-chosen amount without any check"
        }
        // `msg.sender.transfer(balances[msg.sender])` with `balances` never reduced: repeatable refund.
        if case .index(let base, let index?) = amount.unparenthesized.kind, index.unparenthesized.isMsgSender,
           let root = base.rootIdentifier, function.isStateVariable(root) {
            var reduced = false
            StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                if let written = function.storageWrite(at: node), written.rootIdentifier == root { reduced = true }
            }
            if !reduced { return "pays out '\(root)[msg.sender]' without ever reducing it, so it can be withdrawn repeatedly" }
        }
        // Nothing ties the payment to the caller: no storage is read or written anywhere in the function (no
        // deposit, credit, claim flag or phase), and the amount is a constant, a share of the balance or chosen by
        // the caller — `function f() public { msg.sender.transfer(1 ether); }`.
        // A hash pre-image check is a (front-runnable) gate of its own, reported as such.
        if !amountTaint.contains(.value), !amountTaint.contains(.stateVariable), !Self.touchesStorage(function),
           !function.anyCondition({ HashPuzzleFrontRunning.isPreimageCheck($0, function: function) }) {
            return "sends ether to a caller-chosen address without access control or any record of what the caller is owed"
        }
        return nil
    }

    /// True if the function (modifiers included) reads or writes a non-constant state variable.
    static func touchesStorage(_ function: FunctionModel) -> Bool {
        var found = false
        StatementWalker.forEachExpression(in: function.effectiveBody + function.modifierEpilogue) { node, _, _ in
            guard !found, let name = node.identifierName, function.isStateVariable(name),
                  function.contract.stateVariables[name]?.isConstant != true,
                  function.contract.stateVariables[name]?.isImmutable != true else { return }
            found = true
        }
        return found || !function.storagePointers.isEmpty
    }
}
