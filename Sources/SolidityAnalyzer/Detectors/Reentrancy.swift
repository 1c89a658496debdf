/// SWC-107: a call that forwards gas to a caller-controlled address, followed (on some path) by a
/// storage write. Reported on the line of the call (or of the internal call that leads to it).
struct Reentrancy: Detector {
    let info = DetectorInfo(
        id: "reentrancy", title: "Reentrancy", protocolType: "reentrancy", category: "reentrancy",
        swc: "SWC-107", severity: .high,
        description: "State is written after an external call that forwards gas (call.value / call{value:}), so the callee can re-enter before the update.")

    static let lockWords = ["nonreentrant", "noreentr", "reentrancyguard", "mutex", "lock", "guard"]

    /// Confidence if `call` can re-enter: low-level `call` (not to `this`), or a high-level call on `msg.sender`.
    static func isReentrantCall(_ call: CallSite, in function: FunctionModel) -> FindingConfidence? {
        guard let target = call.target?.unparenthesized else { return nil }
        if target.identifierName == "this" || target.identifierName == "super" { return nil }
        switch call.kind {
        case .lowLevelCall:
            if let root = target.rootIdentifier, function.isStateVariable(root),
               function.contract.stateVariables[root]?.type.isMapping == false,
               function.contract.stateVariables[root]?.type.isArray == false,
               target.memberName == nil, case .identifier = target.kind {
                // A single trusted address in storage (owner, wallet).
                return nil
            }
            return call.value != nil ? .high : .medium
        case .external:
            let taint = function.taint(of: target)
            return taint.contains(.sender) || target.contains(where: \.isMsgSender) ? .medium : nil
        default:
            return nil
        }
    }

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        Self.reports(in: model, limitedGas: false).map { report in
            finding(
                line: report.line, message: "External call in '\(report.function.name)' can re-enter the contract before storage is updated; update state before the call (checks-effects-interactions) or add a reentrancy guard.",
                confidence: report.confidence, contract: report.function.contract.name, function: report.function.name)
        }
    }

    /// Lines of calls followed by storage writes, per analysed function. With `limitedGas`, only `send`/`transfer`
    /// calls count (the 2300-gas stipend); otherwise only calls that forward all gas.
    static func reports(in model: SemanticModel, limitedGas: Bool) -> [(line: Int, confidence: FindingConfidence, function: FunctionModel)] {
        var result: [(line: Int, confidence: FindingConfidence, function: FunctionModel)] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            if model.budget.isExhausted { break }
            // The limited-gas walk does not follow internal calls: it needs no call graph.
            let graph = limitedGas ? CallGraph() : CallGraph(contract: contract)
            for function in contract.functions where !function.isModifier && !function.definition.isReadOnly {
                if model.budget.isExhausted { break }
                if function.isConstructor || function.isProtected { continue }
                if limitedGas && !function.callSites.contains(where: { $0.call.kind == .send || $0.call.kind == .transfer }) { continue }
                if function.definition.modifiers.contains(where: { invocation in
                    Self.lockWords.contains { invocation.name.lowercased().contains($0) }
                }) { continue }
                var walker = ReentrancyWalker(function: function, graph: graph, budget: model.budget, limitedGas: limitedGas)
                let pending = walker.walk(function.effectiveBody, pending: [])
                _ = walker.walk(function.modifierEpilogue, pending: pending)
                if walker.usesMutex { continue }
                for (line, confidence) in walker.reported.sorted(by: { $0.key < $1.key }) {
                    result.append((line, confidence, function))
                }
            }
        }
        return result
    }

    /// A `send`/`transfer` (2300 gas) to an address other than this contract or a single trusted storage address.
    static func isLimitedGasCall(_ call: CallSite, in function: FunctionModel) -> Bool {
        guard call.kind == .send || call.kind == .transfer, let target = call.target?.unparenthesized else { return false }
        if target.identifierName == "this" || target.identifierName == "super" { return false }
        if case .identifier(let name) = target.kind, function.isStateVariable(name),
           function.contract.stateVariables[name]?.type.isMapping == false {
            return false
        }
        return true
    }
}

/// SWC-107, low: storage written after `send`/`transfer`. The 2300-gas stipend blocks most re-entry today, but gas
/// costs have changed before; reported at low severity and confidence so `--fail-on high` is unaffected.
struct ReentrancyLimitedGas: Detector {
    let info = DetectorInfo(
        id: "reentrancy-limited-gas", title: "State written after send/transfer", protocolType: "reentrancy",
        category: "reentrancy", swc: "SWC-107", severity: .low,
        description: "Storage is updated after send()/transfer(); only the 2300-gas stipend prevents re-entry, which depends on gas costs that have changed before.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        Reentrancy.reports(in: model, limitedGas: true).map { report in
            finding(
                line: report.line, message: "'\(report.function.name)' updates storage after send/transfer; only the 2300-gas stipend prevents re-entry. Update state before the transfer.",
                confidence: .low, contract: report.function.contract.name, function: report.function.name)
        }
    }
}

/// Walks statements in execution order, tracking the reentrant calls that may have happened so far.
struct ReentrancyWalker {
    struct Pending: Hashable {
        var line: Int
        var confidence: FindingConfidence
    }

    let function: FunctionModel
    let graph: CallGraph
    var reported: [Int: FindingConfidence] = [:]
    /// A boolean storage flag set before the call and checked in a condition: a hand-written mutex.
    var usesMutex = false
    /// Statements visited so far; the walk stops at `maximumSteps` or when the budget runs out.
    var steps = 0

    let budget: Budget?

    /// Track `send`/`transfer` calls instead of gas-forwarding ones.
    let limitedGas: Bool

    init(function: FunctionModel, graph: CallGraph, budget: Budget? = nil, limitedGas: Bool = false) {
        self.function = function
        self.graph = graph
        self.budget = budget
        self.limitedGas = limitedGas
    }

    mutating func walk(_ statements: [Statement], pending: Set<Pending>) -> Set<Pending> {
        var current = pending
        for statement in statements { current = walk(statement, pending: current) }
        return current
    }

    /// A loop runs its body again with the calls of the previous iteration pending, until that adds nothing
    /// (a fixed point). The pending set only grows, so a nested loop's second pass starts saturated and ends
    /// after one walk: nesting is quadratic, not exponential, in depth.
    mutating func loop(entry: Set<Pending>, condition: Expression?, body: Statement, step: Expression?) -> Set<Pending> {
        var state = condition.map { process($0, pending: entry) } ?? entry
        for _ in 0..<Self.maximumLoopPasses {
            var after = walk(body, pending: state)
            if let step { after = process(step, pending: after) }
            if let condition { after = process(condition, pending: after) }
            if after.isSubset(of: state) { break }
            state.formUnion(after)
        }
        return state
    }

    static let maximumLoopPasses = 3
    /// Statements one function's walk may visit before it gives up (far above any real function).
    static let maximumSteps = 200_000

    mutating func walk(_ statement: Statement, pending: Set<Pending>) -> Set<Pending> {
        steps += 1
        if steps > Self.maximumSteps || (steps % 256 == 0 && budget?.isExhausted == true) {
            steps = Self.maximumSteps + 1
            return pending
        }
        switch statement.kind {
        case .block(let items, _):
            return walk(items, pending: pending)
        case .ifStatement(let condition, let then, let otherwise):
            let afterCondition = process(condition, pending: pending)
            // `if (!to.send(x)) { credit[to] = x; }`: the failure branch restores state after a send that failed.
            let failureBranch = limitedGas && Self.isNegatedSend(condition)
            let afterThen = walk(then, pending: failureBranch ? pending : afterCondition)
            let afterElse = otherwise.map { walk($0, pending: afterCondition) } ?? afterCondition
            return afterThen.union(afterElse)
        case .whileStatement(let condition, let body):
            return loop(entry: pending, condition: condition, body: body, step: nil)
        case .doWhileStatement(let body, let condition):
            return loop(entry: walk(body, pending: pending), condition: condition, body: body, step: nil)
        case .forStatement(let initial, let condition, let step, let body):
            let entry = initial.map { walk($0, pending: pending) } ?? pending
            return loop(entry: entry, condition: condition, body: body, step: step)
        case .tryStatement(let call, let body, let catches):
            let afterCall = process(call, pending: pending)
            var result = walk(body, pending: afterCall)
            for handler in catches { result.formUnion(walk(handler, pending: afterCall)) }
            return result
        case .returnStatement, .throwStatement, .revertStatement:
            // The path ends here: nothing after it in the body runs with these calls pending.
            var current = pending
            for expression in statement.ownExpressions { current = process(expression, pending: current) }
            return []
        default:
            var current = pending
            for expression in statement.ownExpressions { current = process(expression, pending: current) }
            return current
        }
    }

    /// Calls in an expression happen before its writes (the right-hand side is evaluated first).
    mutating func process(_ expression: Expression, pending: Set<Pending>) -> Set<Pending> {
        var current = pending
        var newCalls: [Pending] = []
        var writes: [Expression] = []
        var internalWrites = false
        expression.forEachNode { node in
            if limitedGas {
                if let call = CallSite.classify(node, in: function), Reentrancy.isLimitedGasCall(call, in: function) {
                    newCalls.append(Pending(line: call.line, confidence: .low))
                }
            } else if let call = CallSite.classify(node, in: function) {
                if let confidence = Reentrancy.isReentrantCall(call, in: function) {
                    newCalls.append(Pending(line: call.line, confidence: confidence))
                } else if call.kind == .internal {
                    if graph.reentrantCallers.contains(call.calleeName) {
                        newCalls.append(Pending(line: call.line, confidence: .medium))
                    }
                    if graph.storageWriters.contains(call.calleeName) { internalWrites = true }
                }
            }
            if let written = function.storageWrite(at: node) { writes.append(written) }
        }
        // Internal calls that both call out and write are reported by their own analysis.
        if current.isEmpty {
            for write in writes where isMutexFlag(write) { usesMutex = true }
        }
        current.formUnion(newCalls)
        if !writes.isEmpty || (internalWrites && !pending.isEmpty) {
            for call in current where (!writes.isEmpty || pending.contains(call)) {
                if let existing = reported[call.line], existing == .high { continue }
                reported[call.line] = call.confidence
            }
        }
        return current
    }

    static func isNegatedSend(_ condition: Expression) -> Bool {
        guard case .unary("!", let operand, true) = condition.unparenthesized.kind,
              case .call(let callee, _, _) = operand.unparenthesized.kind else { return false }
        return callee.memberName == "send"
    }

    func isMutexFlag(_ write: Expression) -> Bool {
        guard let root = write.rootIdentifier, function.contract.stateVariables[root]?.type.text == "bool" else { return false }
        return function.anyCondition { condition in condition.contains { $0.identifierName == root } }
    }
}
