import AuditReport
import Foundation

/// Renders audit outcomes as JSON (one report, or an array for several), SARIF 2.1.0 or terminal text.
struct AuditOutputRenderer {
    let format: AuditOutputFormat
    let useColor: Bool

    func render(_ outcomes: [AuditOutcome], paths: [String]) -> Data {
        switch format {
        case .json:
            if outcomes.count == 1 { return outcomes[0].reportJSON + Data("\n".utf8) }
            let items = outcomes.map { String(decoding: $0.reportJSON, as: UTF8.self) }
            return Data(("[\n" + items.joined(separator: ",\n") + "\n]\n").utf8)
        case .sarif:
            return SARIFRenderer.render(zip(outcomes, paths).map { (report: $0.report, sourcePath: $1) })
        case .text:
            return Data(outcomes.map { TextRenderer.render($0.report, useColor: useColor) }.joined(separator: "\n").utf8)
        }
    }

    /// Writes one file per contract (JSON, text) or one `audit.sarif`, and returns the paths.
    func write(_ outcomes: [AuditOutcome], paths: [String], to directory: String) throws(AnalysisError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw AnalysisError(.invalidInput, "cannot create output directory \(directory): \(error.localizedDescription)")
        }
        var files: [(String, Data)] = []
        switch format {
        case .sarif:
            files.append(("\(directory)/audit.sarif", render(outcomes, paths: paths)))
        case .json, .text:
            var used = Set<String>()
            for (outcome, path) in zip(outcomes, paths) {
                let base = URL(fileURLWithPath: path).lastPathComponent
                var name = base
                var counter = 2
                while !used.insert(name).inserted {
                    name = "\(base)-\(counter)"
                    counter += 1
                }
                let single = render([outcome], paths: [path])
                files.append(("\(directory)/\(name).\(format == .json ? "report.json" : "txt")", single))
            }
        }
        for (file, data) in files {
            do {
                try data.write(to: URL(fileURLWithPath: file))
            } catch {
                throw AnalysisError(.invalidInput, "cannot write \(file): \(error.localizedDescription)")
            }
        }
        return files.map(\.0)
    }
}
