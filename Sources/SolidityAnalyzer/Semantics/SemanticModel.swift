/// Everything the detectors need about one file: contracts with inheritance resolved by name,
/// their functions with scopes, protection and taint, and the compiler version.
struct SemanticModel: Sendable {
    let unit: SourceUnit
    let budget: Budget
    let version: CompilerVersion
    let contracts: [ContractModel]

    /// `imported` contracts (from the file's imports) resolve base names and are context only: not analysed.
    init(unit: SourceUnit, budget: Budget, imported: [ContractDefinition] = []) {
        self.unit = unit
        self.budget = budget
        let version = CompilerVersion(pragma: unit.solidityPragma)
        self.version = version
        var byName: [String: ContractDefinition] = [:]
        for contract in unit.contracts + imported where byName[contract.name] == nil { byName[contract.name] = contract }
        // File-wide name sets, built once and shared (copy-on-write) by every contract: per-contract copies made
        // thousands of tiny contracts quadratic in time and memory.
        let names = FileNames(contracts: byName)
        var models: [ContractModel] = []
        var allowance = InheritedModelAllowance()
        for contract in unit.contracts {
            if budget.isExhausted { break }
            models.append(ContractModel(
                definition: contract, allContracts: byName, names: names, version: version, budget: budget,
                allowance: &allowance))
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

    init(
        definition: ContractDefinition, allContracts: [String: ContractDefinition], names: FileNames,
        version: CompilerVersion, budget: Budget, allowance: inout InheritedModelAllowance
    ) {
        self.definition = definition
        let linearization = Self.linearize(definition, allContracts: allContracts, allowance: &allowance)
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
            knownStructs: names.structs, knownEnums: names.enums, knownLibraries: names.libraries,
            knownContracts: names.contracts)
        // Functions first, then modifiers; model building stops (leaving a partial model) when the budget runs out.
        let ordered = definition.functions.filter { $0.kind != .modifier } + definition.functions.filter { $0.kind == .modifier }
        functions = ordered.compactMap { budget.isExhausted ? nil : FunctionModel(definition: $0, contract: context) }
        let ownNames = Set(definition.functions.map(\.name))
        // Inherited functions are re-analysed in this contract's context; a file-wide allowance keeps long
        // inheritance chains (each contract re-analysing all of its bases) linear in memory.
        var inherited: [FunctionModel] = []
        for function in linearization.dropFirst().lazy.flatMap(\.functions)
        where function.kind != .modifier && function.kind != .constructor && !ownNames.contains(function.name) {
            guard allowance.take(), !budget.isExhausted else { break }
            inherited.append(FunctionModel(definition: function, contract: context))
        }
        inheritedFunctionModels = inherited
        privilegedVariables = Ownership.privilegedVariables(of: self)
    }

    /// More bases than any real contract has (OpenZeppelin's deepest stacks linearise to about 20).
    static let maximumLinearization = 48

    /// Depth-first, most-derived-first linearisation by name; unknown (imported) bases are ignored.
    static func linearize(
        _ contract: ContractDefinition, allContracts: [String: ContractDefinition], allowance: inout InheritedModelAllowance
    ) -> [ContractDefinition] {
        var result: [ContractDefinition] = []
        var seen: Set<String> = []
        var stack: [ContractDefinition] = [contract]
        seen.insert(contract.name)
        while let next = stack.popLast(), result.count < maximumLinearization {
            result.append(next)
            // Every contract keeps itself; its bases come out of the file-wide allowance.
            guard allowance.takeBase() else { break }
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

/// Names declared anywhere in the file, shared by every contract's context.
struct FileNames: Sendable {
    let structs: Set<String>
    let enums: Set<String>
    let libraries: Set<String>
    let contracts: Set<String>

    init(contracts byName: [String: ContractDefinition]) {
        structs = Set(byName.values.flatMap { $0.structs.map(\.name) })
        enums = Set(byName.values.flatMap(\.enums))
        libraries = Set(byName.values.filter { $0.kind == .library }.map(\.name))
        contracts = Set(byName.keys)
    }
}

/// File-wide caps on inheritance work: realistic files use a few hundred inherited function models and
/// linearisation entries; a 10,000-deep chain would otherwise build one per (contract, base) pair.
struct InheritedModelAllowance: Sendable {
    static let functionLimit = 20_000
    static let baseLimit = 20_000
    private(set) var functionsUsed = 0
    private(set) var basesUsed = 0

    /// Takes one inherited function model from the allowance; false once it is spent.
    mutating func take() -> Bool {
        guard functionsUsed < Self.functionLimit else { return false }
        functionsUsed += 1
        return true
    }

    /// Takes one linearisation step (expanding one contract's bases); false once it is spent.
    mutating func takeBase() -> Bool {
        guard basesUsed < Self.baseLimit else { return false }
        basesUsed += 1
        return true
    }
}
