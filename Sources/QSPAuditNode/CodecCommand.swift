import ArgumentParser

/// `qsp-audit-node codec` (not implemented yet).
struct CodecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "codec", abstract: "Not implemented yet.")

    func run() async throws {
        throw ValidationError("'codec' is not implemented yet")
    }
}
