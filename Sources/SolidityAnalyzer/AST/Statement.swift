/// A statement with its source span.
struct Statement: Sendable {
    var kind: Kind
    var span: SourceSpan

    indirect enum Kind: Sendable {
        case block([Statement], unchecked: Bool)
        case expression(Expression)
        /// `T a = e;`, `var a = e;`, `(T a, , T b) = e;` — nil entries are skipped tuple slots.
        case variableDeclaration([VariableDeclaration?], Expression?)
        case ifStatement(Expression, Statement, Statement?)
        case whileStatement(Expression, Statement)
        case doWhileStatement(Statement, Expression)
        case forStatement(Statement?, Expression?, Expression?, Statement)
        case returnStatement(Expression?)
        case emitStatement(Expression)
        case revertStatement(Expression)
        case tryStatement(Expression, Statement, [Statement])
        case throwStatement
        case breakStatement
        case continueStatement
        /// The `_;` placeholder of a modifier.
        case placeholder
        case inlineAssembly
        case unknown
    }

    /// Direct child statements.
    var childStatements: [Statement] {
        switch kind {
        case .block(let items, _): return items
        case .ifStatement(_, let then, let otherwise): return [then] + (otherwise.map { [$0] } ?? [])
        case .whileStatement(_, let body), .doWhileStatement(let body, _): return [body]
        case .forStatement(let initial, _, _, let body): return (initial.map { [$0] } ?? []) + [body]
        case .tryStatement(_, let body, let catches): return [body] + catches
        default: return []
        }
    }

    /// Expressions that belong directly to this statement (not to nested statements).
    var ownExpressions: [Expression] {
        switch kind {
        case .expression(let e), .emitStatement(let e), .revertStatement(let e): return [e]
        case .variableDeclaration(_, let e): return e.map { [$0] } ?? []
        case .ifStatement(let c, _, _), .whileStatement(let c, _), .doWhileStatement(_, let c): return [c]
        case .forStatement(_, let c, let step, _): return [c, step].compactMap { $0 }
        case .returnStatement(let e): return e.map { [$0] } ?? []
        case .tryStatement(let e, _, _): return [e]
        default: return []
        }
    }

    /// Expressions of this statement and of all nested statements.
    var ownAndNestedExpressions: [Expression] {
        var result: [Expression] = []
        StatementWalker.forEach(in: [self]) { statement, _ in result += statement.ownExpressions }
        return result
    }
}
