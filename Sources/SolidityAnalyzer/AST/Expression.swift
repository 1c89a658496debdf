/// An expression with its source span.
struct Expression: Sendable {
    var kind: Kind
    var span: SourceSpan

    indirect enum Kind: Sendable {
        case identifier(String)
        case number(String)
        case string(String)
        case bool(Bool)
        /// An elementary type used as a value, e.g. the callee in `uint(x)` or `address(0)`.
        case elementaryType(String)
        case member(Expression, String)
        case index(Expression, Expression?)
        case slice(Expression, Expression?, Expression?)
        case call(Expression, [Expression], names: [String])
        /// `target{value: x, gas: y}` call options (0.6+).
        case callOptions(Expression, names: [String], values: [Expression])
        case unary(String, Expression, prefix: Bool)
        case binary(String, Expression, Expression)
        case assignment(String, Expression, Expression)
        case conditional(Expression, Expression, Expression)
        case tuple([Expression?])
        case arrayLiteral([Expression])
        case new(TypeName)
        /// A type name used as a value (`mapping`, arrays in `abi.decode`, …) or anything the parser could not read.
        case typeExpression(TypeName)
        case unknown
    }

    static func unknown(_ span: SourceSpan) -> Expression { Expression(kind: .unknown, span: span) }
}

extension Expression.Kind {
    var isIndex: Bool { if case .index = self { return true } else { return false } }
    /// A plain variable (`total`) or member (`s.total`), not a mapping/array element.
    var isIdentifierOrMember: Bool {
        switch self {
        case .identifier, .member: return true
        default: return false
        }
    }
}

extension Expression {
    /// Direct children, in source order.
    var children: [Expression] {
        switch kind {
        case .identifier, .number, .string, .bool, .elementaryType, .new, .typeExpression, .unknown: return []
        case .member(let base, _): return [base]
        case .index(let base, let index): return [base] + (index.map { [$0] } ?? [])
        case .slice(let base, let from, let to): return [base] + [from, to].compactMap { $0 }
        case .call(let callee, let args, _): return [callee] + args
        case .callOptions(let base, _, let values): return [base] + values
        case .unary(_, let operand, _): return [operand]
        case .binary(_, let lhs, let rhs), .assignment(_, let lhs, let rhs): return [lhs, rhs]
        case .conditional(let c, let t, let f): return [c, t, f]
        case .tuple(let items): return items.compactMap { $0 }
        case .arrayLiteral(let items): return items
        }
    }

    /// Pushes the direct children onto `stack` in reverse source order (so they pop in source order).
    @inline(__always)
    func pushChildren(onto stack: inout [Expression]) {
        switch kind {
        case .identifier, .number, .string, .bool, .elementaryType, .new, .typeExpression, .unknown: return
        case .member(let base, _): stack.append(base)
        case .index(let base, let index):
            if let index { stack.append(index) }
            stack.append(base)
        case .slice(let base, let from, let to):
            if let to { stack.append(to) }
            if let from { stack.append(from) }
            stack.append(base)
        case .call(let callee, let args, _):
            for argument in args.reversed() { stack.append(argument) }
            stack.append(callee)
        case .callOptions(let base, _, let values):
            for value in values.reversed() { stack.append(value) }
            stack.append(base)
        case .unary(_, let operand, _): stack.append(operand)
        case .binary(_, let lhs, let rhs), .assignment(_, let lhs, let rhs):
            stack.append(rhs)
            stack.append(lhs)
        case .conditional(let c, let t, let f):
            stack.append(f)
            stack.append(t)
            stack.append(c)
        case .tuple(let items):
            for case let item? in items.reversed() { stack.append(item) }
        case .arrayLiteral(let items):
            for item in items.reversed() { stack.append(item) }
        }
    }

    /// Calls `visit` on this expression and every descendant (pre-order). Iterative: no deep recursion.
    func forEachNode(_ visit: (Expression) -> Void) {
        var stack: [Expression] = [self]
        stack.reserveCapacity(16)
        while let node = stack.popLast() {
            visit(node)
            node.pushChildren(onto: &stack)
        }
    }

    /// True if `predicate` holds for this expression or any descendant.
    func contains(where predicate: (Expression) -> Bool) -> Bool {
        var stack: [Expression] = [self]
        stack.reserveCapacity(16)
        while let node = stack.popLast() {
            if predicate(node) { return true }
            node.pushChildren(onto: &stack)
        }
        return false
    }

    var identifierName: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    var memberName: String? {
        if case .member(_, let name) = kind { return name }
        return nil
    }

    /// `a.b` → (a, "b").
    var memberParts: (base: Expression, name: String)? {
        if case .member(let base, let name) = kind { return (base, name) }
        return nil
    }

    /// True for `base.name` where base is the identifier `object` (e.g. `msg.sender`).
    func isMember(_ object: String, _ name: String) -> Bool {
        if case .member(let base, let member) = kind, member == name, base.identifierName == object { return true }
        return false
    }

    /// Strips parentheses written as one-element tuples.
    var unparenthesized: Expression {
        var current = self
        while case .tuple(let items) = current.kind, items.count == 1, let only = items[0] { current = only }
        return current
    }

    /// The root variable of an lvalue: `balances[msg.sender].amount` → `balances`.
    var rootIdentifier: String? {
        var current = self.unparenthesized
        while true {
            switch current.kind {
            case .identifier(let name): return name
            case .index(let base, _): current = base
            case .member(let base, _):
                if base.identifierName == "this" || base.identifierName == "super" { return current.memberName }
                current = base
            case .slice(let base, _, _): current = base
            default: return nil
            }
        }
    }

    /// A compact canonical rendering used to compare operands (`balances[msg.sender]`).
    var canonical: String {
        switch kind {
        case .identifier(let name): return name
        case .number(let text): return text
        case .string(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .elementaryType(let name): return name
        case .member(let base, let name): return base.canonical + "." + name
        case .index(let base, let index): return base.canonical + "[" + (index?.canonical ?? "") + "]"
        case .slice(let base, _, _): return base.canonical + "[:]"
        case .call(let callee, let args, _): return callee.canonical + "(" + args.map(\.canonical).joined(separator: ",") + ")"
        case .callOptions(let base, _, _): return base.canonical + "{}"
        case .unary(let op, let operand, let prefix): return prefix ? op + operand.canonical : operand.canonical + op
        case .binary(let op, let lhs, let rhs): return "(" + lhs.canonical + op + rhs.canonical + ")"
        case .assignment(let op, let lhs, let rhs): return lhs.canonical + op + rhs.canonical
        case .conditional(let c, let t, let f): return c.canonical + "?" + t.canonical + ":" + f.canonical
        case .tuple(let items):
            if items.count == 1, let only = items[0] { return only.canonical }
            return "(" + items.map { $0?.canonical ?? "" }.joined(separator: ",") + ")"
        case .arrayLiteral(let items): return "[" + items.map(\.canonical).joined(separator: ",") + "]"
        case .new(let type): return "new " + type.text
        case .typeExpression(let type): return type.text
        case .unknown: return "?"
        }
    }
}
