import ArgumentParser

/// `qsp-audit-node keystore` (not implemented yet).
struct KeystoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keystore", abstract: "Not implemented yet.")

    func run() async throws {
        throw ValidationError("'keystore' is not implemented yet")
    }
}
