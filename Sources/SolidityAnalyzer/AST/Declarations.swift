/// A type as written in the source.
struct TypeName: Sendable, Hashable {
    enum Shape: Sendable, Hashable {
        case elementary
        case userDefined
        case mapping
        case array(dynamic: Bool)
        case function
    }

    var text: String
    var shape: Shape
    /// For arrays the element type's text; for mappings the value type's text.
    var element: String?

    static let unknown = TypeName(text: "?", shape: .userDefined, element: nil)

    var isMapping: Bool { shape == .mapping }
    var isDynamicArray: Bool { shape == .array(dynamic: true) }
    var isArray: Bool { if case .array = shape { return true } else { return false } }
    var isAddress: Bool { text == "address" || text == "address payable" }
    var isInteger: Bool { shape == .elementary && (text.hasPrefix("uint") || text.hasPrefix("int")) }
}

/// A parameter, return value, local or state variable.
struct VariableDeclaration: Sendable {
    var name: String
    var type: TypeName
    var storageLocation: String?
    var isStateVariable = false
    var visibility: String?
    var isConstant = false
    var isImmutable = false
    var initialValue: Expression?
    var span: SourceSpan
}

/// A call to a modifier (or base constructor) in a function header.
struct ModifierInvocation: Sendable {
    var name: String
    var arguments: [Expression]
    var span: SourceSpan
}

/// A function, constructor, fallback, receive or modifier.
struct FunctionDefinition: Sendable {
    enum Kind: Sendable, Hashable { case function, constructor, fallback, receive, modifier }

    var kind: Kind
    var name: String
    var parameters: [VariableDeclaration]
    var returnParameters: [VariableDeclaration]
    /// `public`, `external`, `internal`, `private`, or nil when omitted.
    var visibility: String?
    /// `view`, `pure`, `constant`, `payable`, or nil.
    var mutability: String?
    var isVirtual = false
    var modifiers: [ModifierInvocation]
    var body: Statement?
    var span: SourceSpan

    /// True for functions callable from outside (public/external, or default visibility).
    var isExternallyCallable: Bool {
        guard kind != .modifier else { return false }
        return visibility == nil || visibility == "public" || visibility == "external"
    }

    var isReadOnly: Bool { mutability == "view" || mutability == "pure" || mutability == "constant" }
    var isPayable: Bool { mutability == "payable" }
    var displayName: String {
        switch kind {
        case .constructor: return "constructor"
        case .fallback: return name.isEmpty ? "fallback" : name
        case .receive: return "receive"
        default: return name
        }
    }
}

/// `struct`, `enum` or `event`/`error` definitions only matter by name for the detectors.
struct StructDefinition: Sendable {
    var name: String
    var members: [VariableDeclaration]
    var span: SourceSpan
}

/// A contract, interface or library.
struct ContractDefinition: Sendable {
    enum Kind: Sendable, Hashable { case contract, interface, library, abstractContract }

    var kind: Kind
    var name: String
    var baseContracts: [String]
    var stateVariables: [VariableDeclaration] = []
    var functions: [FunctionDefinition] = []
    var structs: [StructDefinition] = []
    var enums: [String] = []
    var events: [String] = []
    /// `using A for B;` library names.
    var usingLibraries: [String] = []
    var span: SourceSpan

    var modifiers: [FunctionDefinition] { functions.filter { $0.kind == .modifier } }
}

/// `pragma <name> <value>;`
struct PragmaDirective: Sendable {
    var name: String
    var value: String
    var span: SourceSpan
}

/// A parsed file.
struct SourceUnit: Sendable {
    var pragmas: [PragmaDirective] = []
    var contracts: [ContractDefinition] = []
    var freeFunctions: [FunctionDefinition] = []
    /// Paths named by `import` directives, in source order.
    var imports: [String] = []

    var solidityPragma: String? { pragmas.first { $0.name == "solidity" }?.value }
}
