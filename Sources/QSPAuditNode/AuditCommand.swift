import ArgumentParser

/// `qsp-audit-node audit` (not implemented yet).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Not implemented yet.")

    func run() async throws {
        throw ValidationError("'audit' is not implemented yet")
    }
}
