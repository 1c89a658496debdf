/// DASP short addresses: before 0.5 a coin transfer taking (address, amount) without a `msg.data.length` check.
struct ShortAddress: Detector {
    let info = DetectorInfo(
        id: "short-address", title: "Short address attack", protocolType: "missing_input_validation",
        category: "short_addresses", swc: nil, severity: .low,
        description: "A token transfer taking (address, uint) does not validate msg.data.length; a truncated address shifts the amount (pre-0.5 ABI decoder).")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        guard model.version.isPre05 else { return [] }
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind == .contract || contract.definition.kind == .abstractContract {
            // Full ERC-20 tokens are served by wallets that validate input; flag simple hand-rolled coins.
            let names = Set(contract.allFunctionModels.map(\.definition.name))
            if names.contains("transferFrom") || names.contains("approve") { continue }
            if contract.definition.baseContracts.contains(where: { base in !contract.linearization.contains { $0.name == base } }) { continue }
            for function in contract.functions where function.definition.isExternallyCallable && !function.isProtected {
                if ["transfer", "transferFrom", "approve"].contains(function.definition.name) { continue }
                let parameters = function.definition.parameters
                guard let addressIndex = parameters.firstIndex(where: { $0.type.isAddress }),
                      parameters.dropFirst(addressIndex + 1).contains(where: { $0.type.isInteger }) else { continue }
                let addressName = parameters[addressIndex].name
                let checksLength = function.anyCondition { $0.contains { $0.isMember("msg", "data") } }
                    || function.definition.modifiers.contains { $0.name.lowercased().contains("payloadsize") || $0.name.lowercased().contains("size") }
                if checksLength { continue }
                var credits = false
                StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                    if case .assignment(let op, let lhs, _) = node.kind, op == "+=" || op == "=", function.writesStorage(lhs),
                       case .index(_, let index?) = lhs.unparenthesized.kind, index.unparenthesized.identifierName == addressName {
                        credits = true
                    }
                }
                guard credits else { continue }
                findings.append(finding(
                    line: function.definition.span.start.line,
                    message: "'\(function.name)' credits an address argument without checking msg.data.length (short address attack).",
                    confidence: .low, contract: contract.name, function: function.name))
            }
        }
        return findings
    }
}

/// SWC-109: before 0.5 an uninitialised local struct/array defaults to a storage pointer at slot 0.
struct UninitializedStoragePointer: Detector {
    let info = DetectorInfo(
        id: "uninitialized-storage-pointer", title: "Uninitialized storage pointer", protocolType: "other",
        category: "other", swc: "SWC-109", severity: .high,
        description: "A local struct or array declared without 'memory' and without a value points at storage slot 0 and overwrites state.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        guard model.version.isPre05 else { return [] }
        var findings: [SolidityFinding] = []
        for contract in model.contracts {
            for function in contract.functions {
                let statements = function.definition.body.map { [$0] } ?? []
                StatementWalker.forEach(in: statements) { statement, _ in
                    guard case .variableDeclaration(let declarations, nil) = statement.kind else { return }
                    for case let declaration? in declarations where declaration.storageLocation == nil || declaration.storageLocation == "storage" {
                        let type = declaration.type
                        let isReference = function.contract.knownStructs.contains(type.text) || type.isDynamicArray || type.isMapping
                        guard isReference else { continue }
                        findings.append(finding(
                            line: statement.span.start.line,
                            message: "Local '\(declaration.name)' in '\(function.name)' is an uninitialised storage pointer; declare it 'memory'.",
                            confidence: .high, contract: contract.name, function: function.name))
                    }
                }
            }
        }
        return findings
    }
}

/// SWC-119: a state variable redeclared in a derived contract shadows the base one.
struct StateVariableShadowing: Detector {
    let info = DetectorInfo(
        id: "state-variable-shadowing", title: "State variable shadowing", protocolType: "other",
        category: "other", swc: "SWC-119", severity: .medium,
        description: "A derived contract declares a state variable with the same name as one in a base contract; the two are different storage slots.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts {
            let inherited = contract.linearization.dropFirst().flatMap(\.stateVariables)
            let inheritedNames = Set(inherited.filter { $0.visibility != "private" }.map(\.name))
            for variable in contract.definition.stateVariables where inheritedNames.contains(variable.name) {
                findings.append(finding(
                    line: variable.span.start.line,
                    message: "State variable '\(variable.name)' in '\(contract.name)' shadows the one inherited from a base contract.",
                    confidence: .high, contract: contract.name, function: nil))
            }
        }
        return findings
    }
}

/// Ether can be received but no code path can send it out.
struct LockedEther: Detector {
    let info = DetectorInfo(
        id: "locked-ether", title: "Locked ether", protocolType: "locked_ether", category: "other", swc: nil, severity: .medium,
        description: "The contract accepts ether (payable functions) but has no transfer, send, call, or selfdestruct to ever release it.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind == .contract {
            let functions = contract.linearization.flatMap(\.functions)
            guard functions.contains(where: \.isPayable) else { continue }
            if contract.definition.baseContracts.contains(where: { !contract.linearization.map(\.name).contains($0) }) { continue }
            var releases = false
            for function in contract.allFunctionModels where !releases {
                for (call, _, _) in function.callSites {
                    switch call.kind {
                    case .lowLevelCall, .send, .transfer, .delegatecall, .callcode: releases = true
                    default:
                        if call.calleeName == "selfdestruct" || call.calleeName == "suicide" || call.value != nil { releases = true }
                    }
                }
            }
            if releases { continue }
            findings.append(finding(
                line: contract.definition.span.start.line,
                message: "'\(contract.name)' can receive ether but has no way to send it out; the funds are locked.",
                confidence: .medium, contract: contract.name, function: nil))
        }
        return findings
    }
}
