#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import EthereumAccounts

/// Issue 9 item 8: one rule for passphrase files (`keystore new`, `keystore inspect`, `run`): one trailing LF or
/// CRLF dropped, non-regular files refused at once (a FIFO never blocks).
@Suite struct PassphraseFileTests {
    func write(_ bytes: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pp-\(UUID().uuidString)").path
        try Data(bytes.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func oneTrailingLineEndingIsDropped() throws {
        #expect(try PassphraseFile.read(try write("secret")) == "secret")
        #expect(try PassphraseFile.read(try write("secret\n")) == "secret")
        #expect(try PassphraseFile.read(try write("secret\r\n")) == "secret")
        #expect(try PassphraseFile.read(try write(" spaced secret \n")) == " spaced secret ")
        #expect(PassphraseFile.trimmingOneLineEnding("a\r\n") == "a")
        #expect(PassphraseFile.trimmingOneLineEnding("a\n") == "a")
        #expect(PassphraseFile.trimmingOneLineEnding("a\r") == "a\r")
    }

    @Test func severalLinesAreRefusedRatherThanGuessed() throws {
        for text in ["secret\n\n", "secret\r\n\r\n", "one\ntwo\n", "secret\r"] {
            #expect(throws: PassphraseFileError.self, "\(text.debugDescription)") { try PassphraseFile.read(try write(text)) }
        }
    }

    @Test func directoriesAndFIFOsAreRefusedWithoutBlocking() throws {
        let directory = FileManager.default.temporaryDirectory.path
        #expect(performing: { try PassphraseFile.read(directory) }, throws: { "\($0)".contains("is a directory") })
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("pp-fifo-\(UUID().uuidString)").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        #expect(performing: { try PassphraseFile.read(fifo) }, throws: { "\($0)".contains("not a regular file") })
        #expect(performing: { try PassphraseFile.read("/nonexistent/pp") }, throws: { "\($0)".contains("No such file") })
    }

    @Test func errorsNeverQuoteTheContent() throws {
        let path = try write("hunter2\nhunter3\n")
        #expect(performing: { try PassphraseFile.read(path) }, throws: { !"\($0)".contains("hunter") })
    }
}
