/// Everything the detectors need about one file: contracts with inheritance resolved by name,
/// their functions with scopes, protection and taint, and the compiler version.
struct SemanticModel: Sendable {
    let unit: SourceUnit
    let budget: Budget
    let version: CompilerVersion
    let contracts: [ContractModel]

    init(unit: SourceUnit, budget: Budget) {
        self.unit = unit
        self.budget = budget
        let version = CompilerVersion(pragma: unit.solidityPragma)
        self.version = version
        var byName: [String: ContractDefinition] = [:]
        for contract in unit.contracts where byName[contract.name] == nil { byName[contract.name] = contract }
        var models: [ContractModel] = []
        for contract in unit.contracts {
            if budget.isExhausted { break }
            models.append(ContractModel(definition: contract, allContracts: byName, version: version, budget: budget))
        }
        contracts = models
    }

    /// All analysed functions (each function is analysed in the contract that declares it).
    var functions: [FunctionModel] { contracts.flatMap(\.functions) }
}

/// A contract with its inherited members resolved by name within the file.
struct ContractModel: Sendable {
    let definition: ContractDefinition
    /// This contract first, then its bases, most derived first (a C3-like order by name).
    let linearization: [ContractDefinition]
    let stateVariables: [String: VariableDeclaration]
    let functionsByName: [String: [FunctionDefinition]]
    let modifiersByName: [String: FunctionDefinition]
    /// True if `using SafeMath for …` (or any `*Math` library) is in scope.
    let usesSafeMath: Bool
    let functions: [FunctionModel]
    /// Models of inherited functions, built in this contract's context (so they see derived modifiers/state).
    let inheritedFunctionModels: [FunctionModel]
    /// State variables that gate access (see `Ownership.privilegedVariables`), computed once.
    private(set) var privilegedVariables: Set<String> = []

    var name: String { definition.name }

    init(definition: ContractDefinition, allContracts: [String: ContractDefinition], version: CompilerVersion, budget: Budget) {
        self.definition = definition
        let linearization = Self.linearize(definition, allContracts: allContracts)
        self.linearization = linearization
        var stateVariables: [String: VariableDeclaration] = [:]
        var functionsByName: [String: [FunctionDefinition]] = [:]
        var modifiersByName: [String: FunctionDefinition] = [:]
        for contract in linearization {
            for variable in contract.stateVariables where stateVariables[variable.name] == nil {
                stateVariables[variable.name] = variable
            }
            for function in contract.functions {
                if function.kind == .modifier {
                    if modifiersByName[function.name] == nil { modifiersByName[function.name] = function }
                } else {
                    functionsByName[function.name, default: []].append(function)
                }
            }
        }
        self.stateVariables = stateVariables
        self.functionsByName = functionsByName
        self.modifiersByName = modifiersByName
        usesSafeMath = linearization.contains { contract in
            contract.usingLibraries.contains { $0.lowercased().contains("math") }
        }
        let context = ContractContext(
            name: definition.name, kind: definition.kind, stateVariables: stateVariables,
            functionsByName: functionsByName, modifiersByName: modifiersByName, version: version,
            knownStructs: Set(allContracts.values.flatMap { $0.structs.map(\.name) }),
            knownEnums: Set(allContracts.values.flatMap(\.enums)),
            knownLibraries: Set(allContracts.values.filter { $0.kind == .library }.map(\.name)),
            knownContracts: Set(allContracts.keys))
        // Functions first, then modifiers; model building stops (leaving a partial model) when the budget runs out.
        let ordered = definition.functions.filter { $0.kind != .modifier } + definition.functions.filter { $0.kind == .modifier }
        functions = ordered.compactMap { budget.isExhausted ? nil : FunctionModel(definition: $0, contract: context) }
        let ownNames = Set(definition.functions.map(\.name))
        inheritedFunctionModels = linearization.dropFirst().flatMap(\.functions)
            .filter { $0.kind != .modifier && $0.kind != .constructor && !ownNames.contains($0.name) }
            .compactMap { budget.isExhausted ? nil : FunctionModel(definition: $0, contract: context) }
        privilegedVariables = Ownership.privilegedVariables(of: self)
    }

    /// Depth-first, most-derived-first linearisation by name; unknown (imported) bases are ignored.
    static func linearize(_ contract: ContractDefinition, allContracts: [String: ContractDefinition]) -> [ContractDefinition] {
        var result: [ContractDefinition] = []
        var seen: Set<String> = []
        var stack: [ContractDefinition] = [contract]
        seen.insert(contract.name)
        while let next = stack.popLast(), result.count < 256 {
            result.append(next)
            for base in next.baseContracts.reversed() where !seen.contains(base) {
                if let definition = allContracts[base] {
                    seen.insert(base)
                    stack.append(definition)
                }
            }
        }
        return result
    }
}

/// The parts of a contract a function's analysis needs.
struct ContractContext: Sendable {
    let name: String
    let kind: ContractDefinition.Kind
    let stateVariables: [String: VariableDeclaration]
    let functionsByName: [String: [FunctionDefinition]]
    let modifiersByName: [String: FunctionDefinition]
    let version: CompilerVersion
    let knownStructs: Set<String>
    let knownEnums: Set<String>
    let knownLibraries: Set<String>
    /// Contract names declared in the file.
    let knownContracts: Set<String>
}
