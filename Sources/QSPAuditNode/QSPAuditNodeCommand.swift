import ArgumentParser

/// The `qsp-audit-node` command line: the audit daemon and its stand-alone tools.
@main
struct QSPAuditNodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qsp-audit-node",
        abstract: "Quantstamp Security Protocol audit node: audits smart contracts for QSP and reports on chain.",
        version: NodeVersion.string,
        subcommands: [
            RunCommand.self,
            EventsCommand.self,
            AuditCommand.self,
            CodecCommand.self,
            KeystoreCommand.self,
            DoctorCommand.self,
            AnalyzeWorkerCommand.self,
        ]
    )
}
