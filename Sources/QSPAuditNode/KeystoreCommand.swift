import ArgumentParser
import Ethereum
import EthereumAccounts
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `qsp-audit-node keystore`: inspect and create Web3 Secret Storage (v3) key files.
struct KeystoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keystore",
        abstract: "Inspect or create Ethereum keystore (Web3 Secret Storage v3) files.",
        discussion: """
            The passphrase comes from the environment variable \(KeystoreCommand.passphraseVariable), else from \
            the file given by --passphrase-file (one line; one trailing LF or CRLF is dropped), else from a prompt on the terminal (no echo).
            """,
        subcommands: [Inspect.self, New.self]
    )

    /// Environment variable holding the keystore passphrase.
    static let passphraseVariable = "QSP_ETH_PASSPHRASE"

    /// `keystore inspect FILE`: decrypts the file and prints the checksummed address (never the key).
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt a keystore file and print its checksummed address.")

        @Argument(help: "The keystore file.")
        var file: String

        @Option(help: "Read the passphrase from this file (one line).")
        var passphraseFile: String?

        func run() async throws {
            try KeystoreCommand.reportingErrors {
                let passphrase = try KeystoreCommand.passphrase(file: passphraseFile, confirm: false)
                let key = try Keystore.decrypt(fileAt: file, passphrase: passphrase)
                try StandardOutput.print(key.address.checksummed)
            }
        }
    }

    /// `keystore new`: creates a key from the OS CSPRNG and writes it encrypted to a new file (mode 0600).
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new key and write it to a new keystore file (mode 0600).")

        @Option(help: "Where to write the file (default: UTC--<time>--<address> in the current directory).")
        var output: String?

        @Option(help: "scrypt cost parameter n, a power of two (geth's standard is 262144).")
        var scryptN: Int = Keystore.standardScryptN

        @Option(help: "Read the passphrase from this file (one line).")
        var passphraseFile: String?

        func run() async throws {
            try KeystoreCommand.reportingErrors {
                let passphrase = try KeystoreCommand.passphrase(file: passphraseFile, confirm: true)
                guard !passphrase.isEmpty else {
                    throw KeystoreCommandError("refusing an empty passphrase for a new keystore")
                }
                let key = PrivateKey.generate()
                let json = try Keystore.encrypt(key, passphrase: passphrase, scryptN: scryptN)
                let path = output ?? Keystore.defaultFileName(for: key.address)
                try Keystore.writeNewFile(json, to: path)
                try StandardOutput.print("address: \(key.address.checksummed)")
                try StandardOutput.print("file: \(path)")
            }
        }
    }

    /// Runs `body`, turning any failure into one "error: …" line on stderr and exit status 1.
    static func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The passphrase from the environment, a file, or a no-echo terminal prompt (asked twice when `confirm`).
    static func passphrase(file: String?, confirm: Bool) throws -> String {
        if let value = ProcessInfo.processInfo.environment[passphraseVariable] { return value }
        if let file { return try passphrase(fromFile: file) }
        guard isatty(STDIN_FILENO) == 1 else {
            throw KeystoreCommandError(
                "no passphrase: set \(passphraseVariable), pass --passphrase-file, or run on a terminal to be prompted")
        }
        let first = try prompt("Passphrase: ")
        if confirm, try prompt("Repeat passphrase: ") != first {
            throw KeystoreCommandError("the passphrases do not match")
        }
        return first
    }

    /// The passphrase of a passphrase file (``PassphraseFile``: one line, one trailing LF or CRLF dropped).
    static func passphrase(fromFile path: String) throws -> String {
        do { return try PassphraseFile.read(path) } catch { throw KeystoreCommandError(error.message) }
    }

    /// Prints `message` to stderr and reads one line from the terminal with echo turned off.
    /// Echo is off before the prompt appears (TCSAFLUSH also drops anything typed too early), so a passphrase
    /// typed right after the prompt is never echoed.
    static func prompt(_ message: String) throws -> String {
        var saved = termios()
        let canHide = tcgetattr(STDIN_FILENO, &saved) == 0
        if canHide {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        FileHandle.standardError.write(Data(message.utf8))
        defer {
            if canHide { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else {
            throw KeystoreCommandError("no passphrase entered")
        }
        return line
    }
}

/// A keystore command failure with a message for the user.
struct KeystoreCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
