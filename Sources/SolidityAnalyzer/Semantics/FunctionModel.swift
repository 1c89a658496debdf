/// One function (or modifier) with its scope, protection and taint facts.
struct FunctionModel: Sendable {
    let definition: FunctionDefinition
    let contract: ContractContext
    let parameters: Set<String>
    let locals: [String: VariableDeclaration]
    /// Local variables that point into storage (writes through them are state writes).
    let storagePointers: Set<String>
    /// Modifier code before `_` followed by the body: the order in which statements execute.
    let effectiveBody: [Statement]
    /// Modifier code after `_`.
    let modifierEpilogue: [Statement]
    /// Why the function is restricted to privileged callers, or nil when anyone may call it.
    let protection: String?
    /// Taint of local variables after the body ran (flow-insensitive union).
    let localTaint: [String: Taint]
    /// Every classified call (modifier code and body) with its statement context, computed once.
    private(set) var callSites: [(call: CallSite, statement: Statement, context: StatementWalker.Context)] = []

    var name: String { definition.displayName }
    var isProtected: Bool { protection != nil }
    var isConstructor: Bool { definition.kind == .constructor }
    var isModifier: Bool { definition.kind == .modifier }

    init(definition: FunctionDefinition, contract: ContractContext) {
        self.definition = definition
        self.contract = contract
        var parameters = Set(definition.parameters.map(\.name).filter { !$0.isEmpty })
        for variable in definition.returnParameters where !variable.name.isEmpty { parameters.remove(variable.name) }
        self.parameters = parameters
        var prologue: [Statement] = []
        var epilogue: [Statement] = []
        if definition.kind != .modifier {
            for invocation in definition.modifiers {
                guard let modifier = contract.modifiersByName[invocation.name], let body = modifier.body else { continue }
                let split = Self.splitAtPlaceholder(body)
                prologue += split.before
                epilogue += split.after
            }
        }
        effectiveBody = prologue + (definition.body.map { [$0] } ?? [])
        modifierEpilogue = epilogue
        var locals: [String: VariableDeclaration] = [:]
        for variable in definition.returnParameters where !variable.name.isEmpty { locals[variable.name] = variable }
        var storagePointers: Set<String> = []
        StatementWalker.forEach(in: effectiveBody + epilogue) { statement, _ in
            guard case .variableDeclaration(let declarations, let value) = statement.kind else { return }
            for case let declaration? in declarations where !declaration.name.isEmpty {
                locals[declaration.name] = declaration
                if Self.isStoragePointer(declaration, initialValue: declarations.count == 1 ? value : nil, contract: contract) {
                    storagePointers.insert(declaration.name)
                }
            }
        }
        self.locals = locals
        self.storagePointers = storagePointers
        protection = AccessControl.protection(of: definition, contract: contract, body: effectiveBody, parameters: parameters, locals: locals)
        localTaint = TaintAnalysis.localTaint(body: effectiveBody, parameters: parameters, locals: locals, stateVariables: contract.stateVariables)
        callSites = computeCallSites()
    }

    /// True if `name` refers to a state variable here (not shadowed by a parameter or local).
    func isStateVariable(_ name: String) -> Bool {
        contract.stateVariables[name] != nil && !parameters.contains(name) && locals[name] == nil
    }

    /// True if writing to this lvalue writes contract storage.
    func writesStorage(_ lvalue: Expression) -> Bool {
        guard let root = lvalue.rootIdentifier else { return false }
        return isStateVariable(root) || storagePointers.contains(root)
    }

    func taint(of expression: Expression) -> Taint {
        TaintAnalysis.taint(of: expression, parameters: parameters, localTaint: localTaint, locals: locals, stateVariables: contract.stateVariables)
    }

    /// `T storage x = …`, or before 0.5 a struct/array local initialised from storage (`var acc = accounts[msg.sender]`).
    static func isStoragePointer(_ declaration: VariableDeclaration, initialValue: Expression?, contract: ContractContext) -> Bool {
        if declaration.storageLocation == "storage" { return true }
        guard declaration.storageLocation == nil, let value = initialValue, let root = value.rootIdentifier,
              let state = contract.stateVariables[root] else { return false }
        if declaration.type.shape == .elementary && declaration.type.text != "var" { return false }
        if declaration.type.isMapping || declaration.type.isArray { return contract.version.isPre05 || true }
        // Reference types: structs (user-defined, not contracts/enums) and arrays.
        let elementType = value.unparenthesized.kind.isIndex ? (state.type.element ?? state.type.text) : state.type.text
        if elementType.hasPrefix("mapping") || elementType.hasSuffix("]") { return true }
        return contract.knownStructs.contains(elementType)
    }

    static func splitAtPlaceholder(_ body: Statement) -> (before: [Statement], after: [Statement]) {
        guard case .block(let items, _) = body.kind else { return ([body], []) }
        if let index = items.firstIndex(where: { if case .placeholder = $0.kind { return true } else { return false } }) {
            return (Array(items[..<index]), Array(items[(index + 1)...]))
        }
        return (items, [])
    }
}

/// Iterative traversal of statement trees (no deep recursion on hostile input).
enum StatementWalker {
    struct Context: Sendable {
        var loopDepth = 0
        var unchecked = false
        /// Lines of enclosing loop headers, innermost last.
        var loopLines: [Int] = []
    }

    static func forEach(in statements: [Statement], _ visit: (Statement, Context) -> Void) {
        var stack: [(Statement, Context)] = statements.reversed().map { ($0, Context()) }
        var visited = 0
        while let (statement, context) = stack.popLast(), visited < 1_000_000 {
            visited += 1
            visit(statement, context)
            var inner = context
            switch statement.kind {
            case .block(_, let unchecked): if unchecked { inner.unchecked = true }
            case .whileStatement, .doWhileStatement, .forStatement:
                inner.loopDepth += 1
                inner.loopLines.append(statement.span.start.line)
            default: break
            }
            for child in statement.childStatements.reversed() { stack.append((child, inner)) }
        }
    }

    /// Every expression node in the statements, with the statement that owns it.
    static func forEachExpression(in statements: [Statement], _ visit: (Expression, Statement, Context) -> Void) {
        forEach(in: statements) { statement, context in
            var expressionContext = context
            if case .forStatement = statement.kind { expressionContext.loopDepth += 1; expressionContext.loopLines.append(statement.span.start.line) }
            if case .whileStatement = statement.kind { expressionContext.loopDepth += 1; expressionContext.loopLines.append(statement.span.start.line) }
            for expression in statement.ownExpressions {
                expression.forEachNode { visit($0, statement, expressionContext) }
            }
        }
    }
}
