import ArgumentParser
import AuditReport
import Foundation

/// `qsp-audit-node codec`: the compressed on-chain report encoding (PROTOCOL.md §6.4) from the command line.
///
/// Errors print one `error: …` line on stderr and exit with status 1; the logic lives in `AuditReport.CodecTool`.
struct CodecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Encode a report JSON to the compressed on-chain hex, or decode such hex to JSON.",
        subcommands: [CodecEncodeCommand.self, CodecDecodeCommand.self]
    )
}

/// `qsp-audit-node codec encode REPORT.json [--sanitize]`.
struct CodecEncodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the compressed encoding of a full report as uppercase hex."
    )

    @Argument(help: "The full report JSON file (PROTOCOL.md §6.1).")
    var report: String?

    @Flag(help: "Repair what the reference encoder rejects (null/too large lines, unknown types, bad end lines) and list each repair on stderr.")
    var sanitize = false

    func run() async throws {
        try CodecOutput.run {
            guard let report else { throw CodecError(.fileUnreadable, "give the report JSON file to encode") }
            let (hex, adjustments) = try CodecTool.encode(reportJSON: try CodecTool.readFile(report), sanitize: sanitize)
            for note in adjustments { CodecOutput.standardError("note: \(note)") }
            try StandardOutput.print(hex)
        }
    }
}

/// `qsp-audit-node codec decode HEX | --file PATH`.
struct CodecDecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode compressed report hex (either case, optional 0x) strictly and print it as JSON."
    )

    @Argument(help: "The compressed report as hex.")
    var hex: String?

    @Option(name: .long, help: "Read the hex from this file instead.")
    var file: String?

    func run() async throws {
        try CodecOutput.run {
            let input: String
            switch (hex, file) {
            case let (hex?, nil): input = hex
            case let (nil, path?): input = String(decoding: try CodecTool.readFile(path, limit: CodecTool.maxHexCharacters + 64), as: UTF8.self)
            default: throw CodecError(.invalidHex, "give the hex either as an argument or with --file, not both or neither")
            }
            try StandardOutput.write(try CodecTool.decode(hex: input))
        }
    }
}

/// Uniform error reporting for the codec subcommands.
enum CodecOutput {
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CodecError {
            standardError("error: \(error.message)")
            throw ExitCode.failure
        }
    }
}
