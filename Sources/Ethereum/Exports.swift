/// `Ethereum` re-exports the shared vocabulary (hex), so `import Ethereum` keeps giving `Data(hexString:)`.
@_exported import QSPCore
