/// SWC-115: authorisation through `tx.origin`.
struct TxOriginAuthentication: Detector {
    let info = DetectorInfo(
        id: "tx-origin-auth", title: "Authorization through tx.origin", protocolType: "tx_origin_usage",
        category: "access_control", swc: "SWC-115", severity: .medium,
        description: "tx.origin is compared in a condition; a malicious contract called by the owner passes the check (phishing).")

    func run(_ model: SemanticModel) -> [SolidityFinding] {
        var findings: [SolidityFinding] = []
        for contract in model.contracts {
            for function in contract.functions {
                let statements = function.definition.body.map { [$0] } ?? []
                StatementWalker.forEach(in: statements) { statement, _ in
                    var conditions = AccessControl.conditions(of: statement)
                    if case .forStatement(_, let condition?, _, _) = statement.kind { conditions.append(condition) }
                    for condition in conditions where Self.comparesOrigin(condition) {
                        findings.append(finding(
                            line: condition.span.start.line == statement.span.start.line ? statement.span.start.line : condition.span.start.line,
                            message: "'\(function.name)' authorises with tx.origin; use msg.sender instead.",
                            confidence: .high, contract: contract.name, function: function.name))
                        return
                    }
                }
            }
        }
        return findings
    }

    /// `tx.origin == x` / `x != tx.origin`, but not the `tx.origin == msg.sender` "no contracts" idiom.
    static func comparesOrigin(_ condition: Expression) -> Bool {
        condition.contains { node in
            guard case .binary(let op, let lhs, let rhs) = node.kind, op == "==" || op == "!=" else { return false }
            let (l, r) = (lhs.unparenthesized, rhs.unparenthesized)
            if l.isTxOrigin { return !r.isMsgSender }
            if r.isTxOrigin { return !l.isMsgSender }
            return false
        } || condition.contains { node in
            // `require(owners[tx.origin])`
            if case .index(_, let index?) = node.kind { return index.unparenthesized.isTxOrigin }
            return false
        }
    }
}
