/// A classified call expression.
struct CallSite: Sendable {
    enum Kind: String, Sendable {
        /// `a.call(...)`, `a.call.value(v)(...)`, `a.call{value: v}(...)`
        case lowLevelCall = "call"
        case send
        case transfer
        case delegatecall
        case callcode
        case staticcall
        /// `c.f(...)` on a contract-typed value.
        case external
        /// `f(...)` or `this.f` resolved inside the contract.
        case `internal`
        case other
    }

    var kind: Kind
    var expression: Expression
    /// The address or contract called (`msg.sender` in `msg.sender.call.value(x)()`).
    var target: Expression?
    var value: Expression?
    var arguments: [Expression]
    var calleeName: String

    var line: Int { expression.span.start.line }
    var isLowLevel: Bool { [.lowLevelCall, .send, .delegatecall, .callcode].contains(kind) }
    var sendsEther: Bool {
        switch kind {
        case .send, .transfer: return true
        case .lowLevelCall: return value != nil
        default: return value != nil
        }
    }
}

extension CallSite {
    static let lowLevelNames: [String: Kind] = [
        "call": .lowLevelCall, "send": .send, "transfer": .transfer, "delegatecall": .delegatecall,
        "callcode": .callcode, "staticcall": .staticcall,
    ]

    /// Classifies `expression` if it is a complete call (not the `.value(x)` part of a chained call).
    static func classify(_ expression: Expression, in function: FunctionModel?) -> CallSite? {
        guard case .call(var callee, let arguments, _) = expression.kind else { return nil }
        var value: Expression?
        // Peel `{value: v, gas: g}` options and `.value(v)` / `.gas(g)` modifiers.
        while true {
            if case .callOptions(let base, let names, let values) = callee.kind {
                if let index = names.firstIndex(of: "value"), index < values.count { value = values[index] }
                callee = base
                continue
            }
            if case .call(let inner, let innerArguments, _) = callee.kind, let parts = inner.memberParts,
               parts.name == "value" || parts.name == "gas", endsInLowLevelMember(parts.base) {
                if parts.name == "value" { value = innerArguments.first }
                callee = parts.base
                continue
            }
            break
        }
        if let parts = callee.memberParts {
            if let kind = lowLevelNames[parts.name] {
                // `token.transfer(to, amount)` is an ERC-20 call, not an ether transfer.
                if (kind == .transfer || kind == .send) && arguments.count != 1 {
                    return CallSite(kind: .external, expression: expression, target: parts.base, value: nil, arguments: arguments, calleeName: parts.name)
                }
                if kind == .transfer || kind == .send { value = arguments.first }
                return CallSite(kind: kind, expression: expression, target: parts.base, value: value, arguments: arguments, calleeName: parts.name)
            }
            if parts.base.identifierName == "this" {
                return CallSite(kind: .external, expression: expression, target: parts.base, value: value, arguments: arguments, calleeName: parts.name)
            }
            if let function, isContractValue(parts.base, in: function) {
                return CallSite(kind: .external, expression: expression, target: parts.base, value: value, arguments: arguments, calleeName: parts.name)
            }
            return CallSite(kind: .other, expression: expression, target: parts.base, value: value, arguments: arguments, calleeName: parts.name)
        }
        if let name = callee.identifierName {
            if let function, function.contract.functionsByName[name] != nil {
                return CallSite(kind: .internal, expression: expression, target: nil, value: nil, arguments: arguments, calleeName: name)
            }
            return CallSite(kind: .other, expression: expression, target: nil, value: nil, arguments: arguments, calleeName: name)
        }
        return CallSite(kind: .other, expression: expression, target: nil, value: value, arguments: arguments, calleeName: "")
    }

    /// `a.call`, or `a.call.gas(g)` / `a.call.value(v)` chains that end there.
    static func endsInLowLevelMember(_ expression: Expression) -> Bool {
        var current = expression
        for _ in 0..<8 {
            if let name = current.memberName, name == "call" || name == "delegatecall" || name == "callcode" { return true }
            guard case .call(let inner, _, _) = current.kind, let parts = inner.memberParts,
                  parts.name == "value" || parts.name == "gas" else { return false }
            current = parts.base
        }
        return false
    }

    /// True if `expression` is a value of contract type: `Bank(msg.sender)`, or a variable declared with a
    /// non-elementary, non-struct type name.
    static func isContractValue(_ expression: Expression, in function: FunctionModel) -> Bool {
        let base = expression.unparenthesized
        switch base.kind {
        case .call(let callee, let arguments, _):
            if arguments.count == 1, let name = callee.identifierName, let first = name.first, first.isUppercase,
               function.contract.functionsByName[name] == nil, !function.contract.knownStructs.contains(name) {
                return true
            }
            return false
        case .identifier(let name):
            let declaration = function.locals[name]
                ?? function.definition.parameters.first { $0.name == name }
                ?? (function.locals[name] == nil ? function.contract.stateVariables[name] : nil)
            guard let type = declaration?.type, type.shape == .userDefined else { return false }
            return !function.contract.knownStructs.contains(type.text) && !function.contract.knownEnums.contains(type.text)
                && !function.contract.knownLibraries.contains(type.text)
        default:
            return false
        }
    }
}
