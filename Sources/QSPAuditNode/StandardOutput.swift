import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered, checked writes to standard output. A failed write (a full disk, `/dev/full`, a closed pipe) prints
/// one `error: …` line on standard error and ends the command with exit status 74 (EX_IOERR) instead of trapping
/// (FileHandle) or exiting 0 having written nothing (buffered `print`).
enum StandardOutput {
    /// Exit status after a failed write to standard output (sysexits EX_IOERR).
    static let ioErrorStatus: Int32 = 74

    /// Writes every byte of `data` to file descriptor 1.
    static func write(_ data: Data) throws {
        var offset = 0
        let failure: Int32? = data.withUnsafeBytes { buffer -> Int32? in
            guard let base = buffer.baseAddress else { return nil }
            while offset < buffer.count {
                let written = writeStandardOutput(base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure {
            FileHandle.standardError.write(Data("error: cannot write to standard output: \(String(cString: strerror(failure)))\n".utf8))
            throw ExitCode(ioErrorStatus)
        }
    }

    /// Writes `line` and a newline.
    static func print(_ line: String) throws {
        try write(Data((line + "\n").utf8))
    }
}

/// `write(2)` on standard output.
private func writeStandardOutput(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(STDOUT_FILENO, bytes, count)
    #else
    Darwin.write(STDOUT_FILENO, bytes, count)
    #endif
}
