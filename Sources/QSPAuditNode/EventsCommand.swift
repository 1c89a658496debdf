import ArgumentParser

/// `qsp-audit-node events` (not implemented yet).
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "Not implemented yet.")

    func run() async throws {
        throw ValidationError("'events' is not implemented yet")
    }
}
