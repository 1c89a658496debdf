import CSecp256k1

/// The one libsecp256k1 context the module uses, created and randomized once, then only read.
///
/// Thread safety: libsecp256k1 documents that a context may be used concurrently by any number of threads for
/// every call that takes it as `const secp256k1_context *` (key derivation, signing, verification, recovery).
/// Only `secp256k1_context_randomize` and destruction mutate it; both happen here, in `init` (before the
/// instance is published) and `deinit` (after the last reference is gone). Hence `@unchecked Sendable`.
final class Secp256k1Context: @unchecked Sendable {
    /// The shared, immutable context.
    static let shared = Secp256k1Context()

    /// The underlying context; pass it only to functions that take a `const` context.
    let pointer: OpaquePointer

    private init() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("libsecp256k1 could not allocate a context (out of memory)")
        }
        // Blinding against side channels: seed the context with 32 bytes from the OS CSPRNG.
        var generator = SystemRandomNumberGenerator()
        var seed = [UInt8](repeating: 0, count: 32)
        for index in seed.indices { seed[index] = generator.next() }
        let randomized = secp256k1_context_randomize(context, seed)
        precondition(randomized == 1, "libsecp256k1 rejected context randomization")
        for index in seed.indices { seed[index] = 0 }
        self.pointer = context
    }

    deinit {
        secp256k1_context_destroy(pointer)
    }
}
