import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a keystore passphrase from a file, the same way for `keystore new`, `keystore inspect` and `run`
/// (`QSP_ETH_PASSPHRASE_FILE`): a regular file of at most 64 KiB of UTF-8 text holding the passphrase on one
/// line; exactly one trailing line ending (LF or CRLF) is dropped. A directory, FIFO, socket or device is refused
/// before it is opened (a FIFO would block), and so is a file with more than one line (the passphrase would
/// otherwise differ between the commands that read it).
public enum PassphraseFile {
    /// The largest passphrase file read.
    public static let maxBytes = 64 * 1024

    /// The passphrase in `path`, or an error that names the file and says what to fix (never the content).
    public static func read(_ path: String) throws(PassphraseFileError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw PassphraseFileError("cannot read the passphrase file \(path): \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): break
        case mode_t(S_IFDIR): throw PassphraseFileError("the passphrase file \(path) is a directory; name a regular file")
        default: throw PassphraseFileError("the passphrase file \(path) is not a regular file (FIFO, socket or device); name a regular file")
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw PassphraseFileError("cannot read the passphrase file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var opened = stat()
        guard fstat(fd, &opened) == 0, opened.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            throw PassphraseFileError("the passphrase file \(path) is not a regular file; name a regular file")
        }
        var bytes = [UInt8](repeating: 0, count: maxBytes + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                throw PassphraseFileError("cannot read the passphrase file \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            count += n
        }
        guard count <= maxBytes else {
            throw PassphraseFileError("the passphrase file \(path) is larger than \(maxBytes / 1024) KiB")
        }
        guard var text = String(validating: bytes[0..<count], as: UTF8.self) else {
            throw PassphraseFileError("the passphrase file \(path) is not UTF-8 text")
        }
        text = trimmingOneLineEnding(text)
        guard !text.utf8.contains(UInt8(ascii: "\n")), !text.utf8.contains(UInt8(ascii: "\r")) else {
            throw PassphraseFileError("the passphrase file \(path) has more than one line; put the passphrase alone on one line")
        }
        return text
    }

    /// `text` without exactly one trailing "\r\n" or "\n".
    public static func trimmingOneLineEnding(_ text: String) -> String {
        var utf8 = Substring(text).utf8
        if utf8.last == UInt8(ascii: "\n") {
            utf8 = utf8.dropLast()
            if utf8.last == UInt8(ascii: "\r") { utf8 = utf8.dropLast() }
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}

/// A passphrase file that cannot be used; the message names the file and the fix, never the content.
public struct PassphraseFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// `read(2)`.
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}
