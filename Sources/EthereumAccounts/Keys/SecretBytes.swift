/// Heap storage for secret key material that is overwritten with zeros when the last reference goes away.
///
/// Immutable after `init`, so sharing it across threads is safe (`@unchecked Sendable`). Copies of the bytes
/// handed out through `withUnsafeBytes` are the caller's to keep short-lived.
final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into fresh storage.
    init(_ bytes: some Collection<UInt8>) {
        storage = .allocate(byteCount: bytes.count, alignment: 16)
        storage.copyBytes(from: bytes)
    }

    /// The number of secret bytes.
    var count: Int { storage.count }

    /// Gives `body` read access to the secret.
    func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(storage))
    }

    deinit {
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        storage.deallocate()
    }
}
