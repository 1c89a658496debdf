import Ethereum
import Foundation

/// Loads a file from the test bundle's `Vectors` folder.
func vectorData(_ name: String) throws -> Data {
    let base = (name as NSString).deletingPathExtension
    let ext = (name as NSString).pathExtension
    guard let url = Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Vectors") else {
        throw VectorMissing(name: name)
    }
    return try Data(contentsOf: url)
}

/// Loads and parses a JSON vector file.
func vectorJSON(_ name: String) throws -> Any {
    try JSONSerialization.jsonObject(with: vectorData(name))
}

/// Hex to bytes for test literals (traps on bad literals, which are test bugs).
func hex(_ string: String) -> Data {
    try! Data(hexString: string)
}

struct VectorMissing: Error, CustomStringConvertible {
    let name: String
    var description: String { "test vector \(name) is missing from Tests/EthereumAccountsTests/Vectors" }
}
