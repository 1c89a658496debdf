/// SWC-100: before 0.5 a function without a visibility keyword is public; `_helper()` names show it was meant internal.
struct DefaultVisibility: Detector {
    let info = DetectorInfo(
        id: "default-visibility", title: "Function default visibility", protocolType: "other",
        category: "access_control", swc: "SWC-100", severity: .medium,
        description: "A function meant to be internal (underscore name) has no visibility keyword and is therefore public.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        guard model.version.isPre05 else { return [] }
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            for function in contract.functions {
                let definition = function.definition
                guard definition.kind == .function, definition.visibility == nil, definition.name.hasPrefix("_"),
                      !definition.isReadOnly, !function.isProtected, definition.body != nil else { continue }
                findings.append(finding(
                    line: definition.span.start.line,
                    message: "'\(definition.name)' has no visibility keyword and is public by default; declare it internal or private.",
                    confidence: .medium, contract: contract.name, function: function.name))
            }
        }
        return findings
    }
}

/// SWC-112: delegatecall to a caller-chosen address or with caller-chosen arguments.
struct ControlledDelegatecall: Detector {
    let info = DetectorInfo(
        id: "controlled-delegatecall", title: "Delegatecall to untrusted callee", protocolType: "delegate_call_to_untrusted_contract",
        category: "access_control", swc: "SWC-112", severity: .high,
        description: "delegatecall/callcode runs code chosen by the caller (target or arguments) in this contract's storage context.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            for function in contract.functions where !function.isProtected && !function.isConstructor && !function.isModifier {
                for (call, _, _) in function.callSites where call.kind == .delegatecall || call.kind == .callcode {
                    guard let target = call.target else { continue }
                    let targetTaint = function.taint(of: target)
                    let argumentTaint = call.arguments.reduce(Taint()) { $0.union(function.taint(of: $1)) }
                    let controlledTarget = !targetTaint.isDisjoint(with: [.parameter, .sender, .origin])
                    let controlledArguments = argumentTaint.contains(.parameter)
                    let forwardsCalldata = Self.forwardsCalldataWithoutBeingAProxy(call, function: function, contract: contract)
                    guard controlledTarget || controlledArguments || forwardsCalldata else { continue }
                    findings.append(finding(
                        line: call.line,
                        message: "'\(function.name)' delegatecalls \(controlledTarget ? "an address chosen by the caller" : "with caller-chosen arguments"); only delegatecall trusted, fixed code.",
                        confidence: controlledTarget ? .high : .medium, contract: contract.name, function: function.name))
                }
            }
        }
        return findings
    }
}

extension ArbitraryStorageWrite {
    /// `if (gaps.length > 0) gaps.length--;` — a comparison on the length that is not always true.
    static func hasRealLengthGuard(of array: String, in function: FunctionModel) -> Bool {
        let vacuous = Set(vacuousLengthGuards(of: array, in: function))
        var guarded = false
        StatementWalker.forEach(in: function.effectiveBody) { statement, _ in
            for condition in AccessControl.conditions(of: statement) where !vacuous.contains(condition.span.start.line) {
                if condition.contains(where: { $0.memberName == "length" && $0.rootIdentifier == array }) { guarded = true }
            }
        }
        return guarded
    }

    /// Lines of `require(0 <= x.length)` / `require(x.length >= 0)` checks on `array`.
    static func vacuousLengthGuards(of array: String, in function: FunctionModel) -> [Int] {
        var lines: [Int] = []
        StatementWalker.forEach(in: function.effectiveBody) { statement, _ in
            for condition in AccessControl.conditions(of: statement) {
                condition.forEachNode { node in
                    guard case .binary(let op, let lhs, let rhs) = node.kind else { return }
                    let isLength = { (e: Expression) in e.memberName == "length" && e.rootIdentifier == array }
                    if (op == "<=" && lhs.canonical == "0" && isLength(rhs)) || (op == ">=" && rhs.canonical == "0" && isLength(lhs)) {
                        lines.append(condition.span.start.line)
                    }
                }
            }
        }
        return lines
    }

    /// Storage arrays whose length this function sets from a parameter (`map.length = key + 1`).
    static func arraysResizedByCaller(_ function: FunctionModel) -> Set<String> {
        var result: Set<String> = []
        StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
            if case .assignment("=", let lhs, let rhs) = node.kind, let parts = lhs.memberParts, parts.name == "length",
               let root = parts.base.rootIdentifier, function.isStateVariable(root), function.taint(of: rhs).contains(.parameter) {
                result.insert(root)
            }
        }
        return result
    }
}

extension ControlledDelegatecall {
    /// A fallback that delegatecalls `msg.data` into a fixed library while the contract keeps its own logic
    /// (FibonacciBalance): any caller can run any library function on this contract's storage. Upgradeable
    /// proxies (target written outside the constructor) and pure forwarders are not reported.
    static func forwardsCalldataWithoutBeingAProxy(_ call: CallSite, function: FunctionModel, contract: ContractModel) -> Bool {
        guard function.definition.kind == .fallback, call.arguments.contains(where: { $0.contains { $0.isMember("msg", "data") } }),
              let target = call.target?.rootIdentifier, function.isStateVariable(target) else { return false }
        let others = contract.functions.filter { candidate in
            candidate.definition.kind == .function && candidate.definition.isExternallyCallable && !candidate.definition.isReadOnly
        }
        guard !others.isEmpty else { return false }
        let upgradeable = contract.allFunctionModels.contains { candidate in
            guard !candidate.isConstructor else { return false }
            var writes = false
            StatementWalker.forEachExpression(in: candidate.effectiveBody) { node, _, _ in
                if let written = candidate.storageWrite(at: node), written.rootIdentifier == target { writes = true }
            }
            return writes
        }
        return !upgradeable
    }
}

/// SWC-124: shrinking a storage array's length lets `array[i] = v` reach any storage slot (before 0.6).
struct ArbitraryStorageWrite: Detector {
    let info = DetectorInfo(
        id: "arbitrary-storage-write", title: "Write to arbitrary storage location", protocolType: "unprotected_state_manipulation",
        category: "access_control", swc: "SWC-124", severity: .high,
        description: "An unrestricted function decrements or sets a dynamic storage array's length; combined with indexed writes this reaches any storage slot.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        guard model.version.major == 0 && model.version.minor < 6 else { return [] }
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            for function in contract.functions where function.definition.isExternallyCallable {
                if function.isProtected || function.isConstructor || function.definition.isReadOnly { continue }
                let resized = Self.arraysResizedByCaller(function)
                StatementWalker.forEachExpression(in: function.effectiveBody) { node, statement, _ in
                    // `map[key] = value` after `map.length = key + 1`: the caller picks any slot.
                    if case .assignment("=", let lhs, _) = node.kind, case .index(let base, let index?) = lhs.unparenthesized.kind,
                       let root = base.rootIdentifier, resized.contains(root), function.taint(of: index).contains(.parameter) {
                        findings.append(finding(
                            line: node.span.start.line,
                            message: "'\(function.name)' writes '\(root)' at a caller-chosen index after letting the caller resize it; any storage slot is reachable.",
                            confidence: .medium, contract: contract.name, function: function.name))
                    }
                    let lengthTarget: Expression?
                    switch node.kind {
                    case .unary("--", let operand, _): lengthTarget = operand
                    case .assignment(let op, let lhs, let rhs) where op == "-=" || (op == "=" && function.taint(of: rhs).contains(.parameter)):
                        lengthTarget = lhs
                    default: lengthTarget = nil
                    }
                    guard let target = lengthTarget, let parts = target.memberParts, parts.name == "length",
                          let root = parts.base.rootIdentifier, function.isStateVariable(root),
                          function.contract.stateVariables[root]?.type.isDynamicArray == true, !resized.contains(root),
                          !Self.hasRealLengthGuard(of: root, in: function) else { return }
                    findings.append(finding(
                        line: node.span.start.line,
                        message: "'\(function.name)' lets anyone shrink '\(root).length'; an underflowed length makes every storage slot writable.",
                        confidence: .medium, contract: contract.name, function: function.name))
                    // `require(0 <= array.length)` is always true: the guard that was meant to prevent the underflow.
                    for line in Self.vacuousLengthGuards(of: root, in: function) {
                        findings.append(finding(
                            line: line, message: "'\(function.name)' guards '\(root).length' with an always-true comparison, so the length can underflow.",
                            confidence: .medium, contract: contract.name, function: function.name))
                    }
                }
            }
        }
        return findings
    }
}
