/// Facts about privileged state shared by the access-control detectors.
enum Ownership {
    static let ownerNames = ["owner", "admin", "creator", "ceo", "manager", "controller", "governor", "authority", "operator", "dev", "master"]

    /// State variables that gate access: compared with msg.sender in a check, or owner-like by name.
    static func privilegedVariables(of contract: ContractModel) -> Set<String> {
        var result: Set<String> = []
        for function in contract.allFunctionModels {
            let statements = function.definition.body.map { [$0] } ?? []
            StatementWalker.forEach(in: statements) { statement, _ in
                for condition in AccessControl.conditions(of: statement) {
                    condition.forEachNode { node in
                        switch node.kind {
                        case .binary(let op, let lhs, let rhs) where op == "==" || op == "!=":
                            for (side, other) in [(lhs, rhs), (rhs, lhs)] where side.unparenthesized.isMsgSender || side.unparenthesized.isTxOrigin {
                                if let root = other.rootIdentifier, function.isStateVariable(root) { result.insert(root) }
                            }
                        case .call(let callee, let arguments, _)
                            where arguments.contains(where: { $0.unparenthesized.isMsgSender || $0.unparenthesized.isTxOrigin }):
                            // `isOwner(msg.sender)`: the state the helper reads gates access.
                            guard let name = callee.identifierName, let helpers = contract.functionsByName[name] else { break }
                            for helper in helpers {
                                helper.body?.ownAndNestedExpressions.forEach { expression in
                                    expression.forEachNode { inner in
                                        if let root = inner.identifierName, contract.stateVariables[root] != nil { result.insert(root) }
                                    }
                                }
                            }
                        case .index(let base, let index?) where index.unparenthesized.isMsgSender:
                            if let root = base.rootIdentifier, function.isStateVariable(root),
                               AccessControl.isAccessCondition(condition, contract: function.contract, parameters: function.parameters, locals: function.locals) {
                                result.insert(root)
                            }
                        default: break
                        }
                    }
                }
            }
        }
        for (name, variable) in contract.stateVariables where !variable.isConstant {
            let lower = name.lowercased().filter { $0 != "_" }
            if ownerNames.contains(where: { lower == $0 || lower == $0 + "s" || lower.hasPrefix($0) && variable.type.isAddress }) {
                result.insert(name)
            }
        }
        return result
    }

    /// A public function that looks like a mistyped (pre-0.5 named) constructor.
    static func looksLikeWrongConstructor(_ function: FunctionModel, contract: ContractModel, privileged: Set<String>) -> String? {
        let definition = function.definition
        guard definition.kind == .function, definition.isExternallyCallable, !function.isProtected, !definition.isReadOnly else { return nil }
        let name = definition.name
        if name.lowercased() == contract.name.lowercased() && name != contract.name {
            return "'\(name)' differs from the contract name '\(contract.name)' only in case, so it is an ordinary public function, not the constructor"
        }
        if name == "Constructor" || name == "constructor" || name == "_constructor" {
            return "'\(name)' is an ordinary public function, not the constructor"
        }
        let hasConstructor = contract.definition.functions.contains { $0.kind == .constructor }
        guard function.contract.version.isPre05, !hasConstructor, let first = name.first, first.isUppercase,
              !contract.definition.events.contains(name) else { return nil }
        var assignsCaller = false
        StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
            if case .assignment("=", let lhs, let rhs) = node.kind, rhs.unparenthesized.isMsgSender,
               let root = lhs.rootIdentifier, privileged.contains(root), function.isStateVariable(root) {
                assignsCaller = true
            }
        }
        return assignsCaller ? "'\(name)' looks like a constructor (it claims ownership) but its name does not match '\(contract.name)', so anyone can call it" : nil
    }
}

/// SWC-118: a constructor with the wrong name is a public function anyone can call.
struct IncorrectConstructorName: Detector {
    let info = DetectorInfo(
        id: "incorrect-constructor-name", title: "Incorrect constructor name", protocolType: "unprotected_state_manipulation",
        category: "access_control", swc: "SWC-118", severity: .high,
        description: "A function meant as the constructor (old same-name style) does not match the contract name, so anyone can call it and take ownership.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind == .contract || contract.definition.kind == .abstractContract {
            let privileged = contract.privilegedVariables
            for function in contract.functions {
                guard let reason = Ownership.looksLikeWrongConstructor(function, contract: contract, privileged: privileged) else { continue }
                findings.append(finding(line: function.definition.span.start.line, message: reason + ".",
                                        confidence: .high, contract: contract.name, function: function.name))
            }
        }
        return findings
    }
}

/// Unprotected writes to owner/admin state or initialisers anyone can call (Parity-style).
struct UnprotectedOwnerWrite: Detector {
    /// The first privileged state variable `function` assigns, if any.
    static func privilegedWrite(in function: FunctionModel, privileged: Set<String>) -> String? {
        var written: String?
        StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
            guard written == nil, case .assignment(_, let lhs, _) = node.kind, let root = lhs.rootIdentifier,
                  privileged.contains(root), function.isStateVariable(root) else { return }
            if case .index(_, let index?) = lhs.unparenthesized.kind {
                // Self-registration (`members[msg.sender] = true`) is a design choice; writing others' entries
                // or making oneself an owner/admin is not.
                guard function.taint(of: index).contains(.parameter) || AccessControl.isPrivilegedName(root) else { return }
            }
            written = root
        }
        return written
    }

    let info = DetectorInfo(
        id: "unprotected-owner-write", title: "Unprotected ownership change", protocolType: "unprotected_state_manipulation",
        category: "access_control", swc: "SWC-105", severity: .high,
        description: "A public function without access control writes the state that gates access (owner, admins, initialisation), so anyone can take over.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            let privileged = contract.privilegedVariables
            guard !privileged.isEmpty else { continue }
            for function in contract.functions where function.definition.isExternallyCallable {
                let definition = function.definition
                if function.isConstructor || function.isProtected || definition.isReadOnly || function.isModifier { continue }
                if Ownership.looksLikeWrongConstructor(function, contract: contract, privileged: privileged) != nil { continue }
                var written = Self.privilegedWrite(in: function, privileged: privileged)
                if written == nil {
                    // `initWallet()` calling an unprotected `initMultiowned(...)` that writes the owners.
                    for (call, _, _) in function.callSites where call.kind == .internal {
                        guard written == nil, let callee = contract.functions.first(where: { $0.definition.name == call.calleeName }),
                              !callee.isProtected, callee.definition.name != function.definition.name else { continue }
                        written = Self.privilegedWrite(in: callee, privileged: privileged)
                    }
                }
                guard let variable = written else { continue }
                let guarded = function.anyCondition { condition in
                    condition.contains { node in
                        guard let name = node.identifierName, function.isStateVariable(name) else { return false }
                        return name == variable || function.contract.stateVariables[name]?.type.text == "bool"
                    }
                }
                if guarded { continue }
                findings.append(finding(
                    line: definition.span.start.line,
                    message: "'\(function.name)' changes privileged state '\(variable)' without any access control.",
                    confidence: .medium, contract: contract.name, function: function.name))
            }
        }
        return findings
    }
}
