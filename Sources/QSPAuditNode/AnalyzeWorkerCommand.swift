import Analysis
import ArgumentParser
import Foundation

/// `qsp-audit-node analyze-worker --request JSON` (hidden): runs one analyzer on one contract for the daemon, in
/// a child process under the daemon's limits, and prints the result as one JSON object on standard output.
struct AnalyzeWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze-worker",
        abstract: "Internal: run one analyzer for the daemon (JSON request in, JSON result out).",
        shouldDisplay: false)

    @Option(help: "The request (Analysis.WorkerRequest as JSON).")
    var request: String

    func run() async throws {
        let answer = await AnalysisWorker.answer(requestJSON: Data(request.utf8))
        try StandardOutput.write(answer)
    }
}
