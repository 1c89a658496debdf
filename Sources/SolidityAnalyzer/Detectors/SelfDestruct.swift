/// SWC-106: `selfdestruct`/`suicide` reachable by anyone.
struct UnprotectedSelfDestruct: Detector {
    let info = DetectorInfo(
        id: "unprotected-selfdestruct", title: "Unprotected selfdestruct", protocolType: "unprotected_self_destruct",
        category: "access_control", swc: "SWC-106", severity: .high,
        description: "selfdestruct/suicide can be triggered by any caller, destroying the contract and sending its ether away.")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts where contract.definition.kind != .interface {
            let functions = contract.functions.filter { !$0.isModifier }
            // Internal helpers count when an unprotected public function calls them.
            var unprotectedCallees: Set<String> = []
            for function in functions where function.definition.isExternallyCallable && !function.isProtected {
                for (call, _, _) in function.callSites where call.kind == .internal { unprotectedCallees.insert(call.calleeName) }
            }
            for function in functions where !function.isConstructor && !function.isProtected {
                let reachable = function.definition.isExternallyCallable || unprotectedCallees.contains(function.definition.name)
                guard reachable else { continue }
                for (call, _, _) in function.callSites where call.calleeName == "selfdestruct" || call.calleeName == "suicide" {
                    guard call.target == nil else { continue }
                    findings.append(finding(
                        line: call.line,
                        message: "'\(function.name)' lets any caller destroy the contract; restrict it to the owner.",
                        confidence: .high, contract: contract.name, function: function.name))
                }
            }
        }
        return findings
    }
}
