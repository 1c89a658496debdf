/// Per-contract summaries of internal functions: which ones (transitively) make a reentrant external
/// call or write storage. Resolved by name; overloads are merged.
struct CallGraph: Sendable {
    private(set) var reentrantCallers: Set<String> = []
    private(set) var storageWriters: Set<String> = []
    private(set) var selfDestructors: Set<String> = []

    init(contract: ContractModel) {
        var direct: [String: (reentrant: Bool, writes: Bool, destructs: Bool, callees: Set<String>)] = [:]
        for function in contract.allFunctionModels where !function.isModifier {
            var entry = direct[function.definition.name] ?? (false, false, false, [])
            for (call, _, _) in function.callSites {
                if Reentrancy.isReentrantCall(call, in: function) != nil { entry.reentrant = true }
                if call.kind == .internal { entry.callees.insert(call.calleeName) }
                if call.calleeName == "selfdestruct" || call.calleeName == "suicide" { entry.destructs = true }
            }
            StatementWalker.forEachExpression(in: function.effectiveBody) { node, _, _ in
                if function.storageWrite(at: node) != nil { entry.writes = true }
            }
            direct[function.definition.name] = entry
        }
        var reentrant = Set(direct.filter { $0.value.reentrant }.keys)
        var writers = Set(direct.filter { $0.value.writes }.keys)
        var destructors = Set(direct.filter { $0.value.destructs }.keys)
        var changed = true
        var rounds = 0
        while changed && rounds < 32 {
            changed = false
            rounds += 1
            for (name, entry) in direct {
                if !reentrant.contains(name), !entry.callees.isDisjoint(with: reentrant) { reentrant.insert(name); changed = true }
                if !writers.contains(name), !entry.callees.isDisjoint(with: writers) { writers.insert(name); changed = true }
                if !destructors.contains(name), !entry.callees.isDisjoint(with: destructors) { destructors.insert(name); changed = true }
            }
        }
        reentrantCallers = reentrant
        storageWriters = writers
        selfDestructors = destructors
    }
}

extension ContractModel {
    /// Function models of this contract and of its bases (bases analysed in their own context).
    var allFunctionModels: [FunctionModel] { functions + inheritedFunctionModels }
}
