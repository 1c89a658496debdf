/// SWC-128: loops whose trip count anyone can grow (arrays pushed by anyone, caller-chosen bounds), and
/// wholesale clearing of such arrays.
struct UnboundedLoop: Detector {
    let info = DetectorInfo(
        id: "dos-unbounded-loop", title: "Denial of service by unbounded loop", protocolType: "other",
        category: "denial_of_service", swc: "SWC-128", severity: .medium,
        description: "A loop iterates over an array anyone can grow, up to a caller-chosen bound, or grows storage itself, or such an array is cleared at once; the cost can exceed the block gas limit.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            let growable = Self.publiclyGrowableArrays(contract)
            for function in contract.functions where !function.definition.isReadOnly && !function.isModifier {
                for reset in arrayResets(in: function, growable: growable) where !function.isConstructor {
                    findings.append(finding(
                        line: reset.line, message: "'\(function.name)' clears '\(reset.array)', which anyone can grow; clearing costs gas per element and can exceed the block gas limit.",
                        confidence: .low, contract: contract.name, function: function.name))
                }
                let statements = function.definition.body.map { [$0] } ?? []
                StatementWalker.forEach(in: statements) { statement, _ in
                    let condition: Expression?
                    let body: Statement
                    switch statement.kind {
                    case .forStatement(_, let c, _, let b): condition = c; body = b
                    case .whileStatement(let c, let b): condition = c; body = b
                    default: return
                    }
                    var reason: String?
                    var bodyWritesStorage = false
                    var bodyPushes = false
                    StatementWalker.forEachExpression(in: [body]) { node, _, _ in
                        if let written = function.storageWrite(at: node) {
                            bodyWritesStorage = true
                            if case .call(let callee, _, _) = node.kind, callee.memberName == "push", written.rootIdentifier != nil { bodyPushes = true }
                        }
                    }
                    if let condition {
                        condition.forEachNode { node in
                            guard reason == nil, let parts = node.memberParts, parts.name == "length",
                                  let root = parts.base.rootIdentifier, growable.contains(root), function.isStateVariable(root) else { return }
                            reason = "iterates over '\(root)', which any caller can grow"
                        }
                        let guards = GuardIndex(function: function)
                        var boundIsChecked = false
                        condition.forEachNode { node in
                            if let name = node.identifierName, guards.hasConstantBound(name) { boundIsChecked = true }
                            if node.memberName == "length", guards.hasConstantBound(node.canonical) { boundIsChecked = true }
                        }
                        if reason == nil, bodyWritesStorage, !boundIsChecked, function.taint(of: condition).contains(.parameter), !function.isProtected {
                            reason = "runs up to a caller-chosen bound while writing storage"
                        }
                    }
                    if reason == nil, bodyPushes { reason = "pushes to a storage array on every iteration" }
                    guard let reason else { return }
                    findings.append(finding(
                        line: statement.span.start.line, message: "Loop in '\(function.name)' \(reason); it can run out of gas.",
                        confidence: .medium, contract: contract.name, function: function.name))
                }
            }
        }
        return findings
    }

    /// `array = new T[](0)` / `delete array` on an array anyone can grow: clearing costs gas per element.
    /// Reported on the `if (array.length > N)` that triggers the reset, or on the reset itself when unguarded.
    func arrayResets(in function: FunctionModel, growable: Set<String>) -> [(line: Int, array: String)] {
        var result: [(Int, String)] = []
        func resetArray(_ statement: Statement) -> String? {
            guard case .expression(let expression) = statement.kind else { return nil }
            switch expression.kind {
            case .assignment("=", let lhs, let rhs):
                guard case .call(let callee, _, _) = rhs.unparenthesized.kind, case .new = callee.kind else { return nil }
                return lhs.unparenthesized.identifierName
            case .unary("delete", let operand, _):
                return operand.unparenthesized.identifierName
            default:
                return nil
            }
        }
        func visit(_ statement: Statement, lengthGuard: (line: Int, array: String, inElse: Bool)?) {
            if let array = resetArray(statement), growable.contains(array), function.isStateVariable(array) {
                if let lengthGuard, lengthGuard.array == array {
                    if !lengthGuard.inElse { result.append((lengthGuard.line, array)) }
                } else {
                    result.append((statement.span.start.line, array))
                }
                return
            }
            if case .ifStatement(let condition, let then, let otherwise) = statement.kind {
                var guarded: String?
                condition.forEachNode { node in
                    if node.memberName == "length", let root = node.rootIdentifier { guarded = root }
                }
                let line = condition.span.start.line
                visit(then, lengthGuard: guarded.map { (line, $0, false) } ?? lengthGuard)
                if let otherwise { visit(otherwise, lengthGuard: guarded.map { (line, $0, true) } ?? lengthGuard) }
                return
            }
            for child in statement.childStatements { visit(child, lengthGuard: lengthGuard) }
        }
        for statement in function.definition.body.map({ [$0] }) ?? [] { visit(statement, lengthGuard: nil) }
        return result
    }

    /// Dynamic storage arrays that an unprotected public function pushes to.
    static func publiclyGrowableArrays(_ contract: ContractModel) -> Set<String> {
        var result: Set<String> = []
        for function in contract.allFunctionModels where function.definition.isExternallyCallable && !function.isProtected {
            StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                if case .call(let callee, _, _) = node.kind, let parts = callee.memberParts, parts.name == "push",
                   let root = parts.base.rootIdentifier, function.isStateVariable(root) {
                    result.insert(root)
                }
                if case .assignment(let op, let lhs, _) = node.kind, op == "+=" || op == "=", lhs.memberName == "length",
                   let root = lhs.rootIdentifier, function.isStateVariable(root) {
                    result.insert(root)
                }
            }
        }
        return result
    }
}

/// SWC-113: an ether transfer inside a loop whose failure reverts everything (one bad recipient blocks all).
struct CallInLoop: Detector {
    let info = DetectorInfo(
        id: "dos-call-in-loop", title: "Denial of service by failed call in loop", protocolType: "other",
        category: "denial_of_service", swc: "SWC-113", severity: .medium,
        description: "transfer() or require(send()/call()) inside a loop: one failing recipient reverts the whole loop.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            for function in contract.functions where !function.isModifier {
                for (call, statement, context) in function.callSites where context.loopDepth > 0 {
                    guard call.kind == .transfer || ((call.kind == .send || call.kind == .lowLevelCall) && Self.isChecked(call, in: statement)) else { continue }
                    guard let target = call.target, !(target.rootIdentifier.map { function.isStateVariable($0) && function.contract.stateVariables[$0]?.type.isAddress == true } ?? false) else { continue }
                    if target.unparenthesized.isMsgSender { continue }
                    findings.append(finding(
                        line: call.line, message: "'\(function.name)' pays inside a loop and reverts if one payment fails; use pull payments.",
                        confidence: .medium, contract: contract.name, function: function.name))
                }
            }
        }
        return findings
    }

    /// The call's result decides whether execution continues (`require(x.send(v))`, `if (!x.send(v)) throw;`).
    static func isChecked(_ call: CallSite, in statement: Statement) -> Bool {
        !AccessControl.conditions(of: statement).filter { condition in
            condition.contains { $0.span == call.expression.span && $0.canonical == call.expression.canonical }
        }.isEmpty
    }
}

/// SWC-113: a push payment to a replaceable party (`require(leader.send(bid))`) lets that party block the contract.
struct PushPaymentDoS: Detector {
    let info = DetectorInfo(
        id: "dos-push-payment", title: "Denial of service by failing push payment", protocolType: "other",
        category: "denial_of_service", swc: "SWC-113", severity: .medium,
        description: "A refund to the previous leader must succeed for anyone to proceed; a contract that rejects ether blocks everybody.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            var leaders: Set<String> = []
            let privileged = contract.privilegedVariables
            for function in contract.allFunctionModels where !function.isConstructor && !function.isProtected {
                StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                    if case .assignment("=", let lhs, let rhs) = node.kind, rhs.unparenthesized.isMsgSender,
                       let name = lhs.unparenthesized.identifierName, function.isStateVariable(name) {
                        if !privileged.contains(name) { leaders.insert(name) }
                    }
                }
            }
            guard !leaders.isEmpty else { continue }
            for function in contract.functions where !function.isModifier && !function.isProtected {
                for (call, statement, context) in function.callSites where context.loopDepth == 0 {
                    guard let name = call.target?.unparenthesized.identifierName, leaders.contains(name), function.isStateVariable(name) else { continue }
                    guard call.kind == .transfer || ((call.kind == .send || call.kind == .lowLevelCall) && CallInLoop.isChecked(call, in: statement)) else { continue }
                    findings.append(finding(
                        line: call.line, message: "'\(function.name)' must pay '\(name)' to continue; if that address rejects ether nobody can proceed.",
                        confidence: .medium, contract: contract.name, function: function.name))
                }
            }
        }
        return findings
    }
}
