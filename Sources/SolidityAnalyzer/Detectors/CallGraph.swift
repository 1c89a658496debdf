/// Per-contract summaries of internal functions: which ones (transitively) make a reentrant external
/// call or write storage. Resolved by name; overloads are merged.
struct CallGraph: Sendable {
    private(set) var reentrantCallers: Set<String> = []
    private(set) var storageWriters: Set<String> = []
    private(set) var selfDestructors: Set<String> = []

    /// An empty graph: no internal function calls out or writes.
    init() {}

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
        // Propagate each property backwards along call edges with a worklist: linear in the edges, exact for
        // any chain length (a round-based fixed point stopped after 32 rounds and cost rounds × functions).
        var callers: [String: [String]] = [:]
        for (name, entry) in direct {
            for callee in entry.callees { callers[callee, default: []].append(name) }
        }
        func propagate(_ seeds: Set<String>) -> Set<String> {
            var result = seeds
            var work = Array(seeds)
            while let name = work.popLast() {
                for caller in callers[name] ?? [] where !result.contains(caller) {
                    result.insert(caller)
                    work.append(caller)
                }
            }
            return result
        }
        let reentrant = propagate(Set(direct.filter { $0.value.reentrant }.keys))
        let writers = propagate(Set(direct.filter { $0.value.writes }.keys))
        let destructors = propagate(Set(direct.filter { $0.value.destructs }.keys))
        reentrantCallers = reentrant
        storageWriters = writers
        selfDestructors = destructors
    }
}

extension ContractModel {
    /// Function models of this contract and of its bases (bases analysed in their own context).
    var allFunctionModels: [FunctionModel] { functions + inheritedFunctionModels }
}
