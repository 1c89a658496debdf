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
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            let graph = CallGraph(contract: contract)
            for function in contract.functions where !function.isModifier && !function.definition.isReadOnly {
                if model.budget.isExhausted { break }
                if function.isConstructor || function.isProtected { continue }
                if function.definition.modifiers.contains(where: { invocation in
                    Self.lockWords.contains { invocation.name.lowercased().contains($0) }
                }) { continue }
                var walker = ReentrancyWalker(function: function, graph: graph, budget: model.budget)
                let pending = walker.walk(function.effectiveBody, pending: [])
                _ = walker.walk(function.modifierEpilogue, pending: pending)
                if walker.usesMutex { continue }
                for (line, confidence) in walker.reported.sorted(by: { $0.key < $1.key }) {
                    findings.append(finding(
                        line: line, message: "External call in '\(function.name)' can re-enter the contract before storage is updated; update state before the call (checks-effects-interactions) or add a reentrancy guard.",
                        confidence: confidence, contract: contract.name, function: function.name))
                }
            }
        }
        return findings
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

    init(function: FunctionModel, graph: CallGraph, budget: Budget? = nil) {
        self.function = function
        self.graph = graph
        self.budget = budget
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
            let afterThen = walk(then, pending: afterCondition)
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
            if let call = CallSite.classify(node, in: function) {
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

    func isMutexFlag(_ write: Expression) -> Bool {
        guard let root = write.rootIdentifier, function.contract.stateVariables[root]?.type.text == "bool" else { return false }
        return function.anyCondition { condition in condition.contains { $0.identifierName == root } }
    }
}
