import Ethereum
import QSPCore

/// Fee data of recent blocks, from `eth_feeHistory`.
public struct FeeHistory: Hashable, Sendable {
    /// The first block described.
    public let oldestBlock: UInt64
    /// Base fee of each block, plus the next block's (one more entry than blocks).
    public let baseFeePerGas: [UInt256]
    /// gasUsed / gasLimit of each block, 0...1.
    public let gasUsedRatio: [Double]
    /// Per block, the priority fee at each requested percentile; empty when no percentiles were requested.
    public let reward: [[UInt256]]

    init(json: JSONValue, path: String = "feeHistory") throws(FieldDecodingError) {
        let reader = try ObjectReader(json, path: path)
        oldestBlock = try reader.uint64("oldestBlock")
        var fees: [UInt256] = []
        for (index, item) in try reader.array("baseFeePerGas").enumerated() {
            fees.append(try HexField.uint256(item, "\(path).baseFeePerGas[\(index)]"))
        }
        baseFeePerGas = fees
        var ratios: [Double] = []
        for (index, item) in try reader.array("gasUsedRatio").enumerated() {
            switch item {
            case .integer(let value): ratios.append(Double(value))
            case .double(let value) where value.isFinite: ratios.append(value)
            default:
                throw FieldDecodingError(path: "\(path).gasUsedRatio[\(index)]", problem: "must be a number, got \(item.typeName)")
            }
        }
        gasUsedRatio = ratios
        var rewards: [[UInt256]] = []
        if let rewardJSON = reader.optional("reward") {
            for (block, row) in try HexField.array(rewardJSON, reader.fieldPath("reward")).enumerated() {
                var values: [UInt256] = []
                for (column, item) in try HexField.array(row, "\(path).reward[\(block)]").enumerated() {
                    values.append(try HexField.uint256(item, "\(path).reward[\(block)][\(column)]"))
                }
                rewards.append(values)
            }
        }
        reward = rewards
    }
}
