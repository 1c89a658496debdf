/// Answers shaped like geth's, used by several tests.
enum Fixtures {
    static let blockHash = hexBytes(0xbb, count: 32)
    static let parentHash = hexBytes(0xaa, count: 32)
    static let txHash = hexBytes(0x11, count: 32)
    static let address = hexBytes(0x5a, count: 20)
    static let topic0 = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

    static let block = """
        {"number":"0x1b4","hash":"\(blockHash)","parentHash":"\(parentHash)","timestamp":"0x6553f100",
         "gasLimit":"0x1c9c380","gasUsed":"0x5208","baseFeePerGas":"0x3b9aca00","miner":"\(address)",
         "nonce":"0x0000000000000000","extraData":"0x","size":"0x27f","difficulty":"0x0",
         "transactions":["\(txHash)"],"uncles":[]}
        """

    static let log = """
        {"address":"\(address)","topics":["\(topic0)","\(hexBytes(0, count: 12))\(String(repeating: "11", count: 20))"],
         "data":"0x00000000000000000000000000000000000000000000000000000000000003e8",
         "blockNumber":"0x1b4","blockHash":"\(blockHash)","transactionHash":"\(txHash)",
         "transactionIndex":"0x0","logIndex":"0x2","removed":false}
        """

    static let receipt = """
        {"transactionHash":"\(txHash)","transactionIndex":"0x0","blockNumber":"0x1b4","blockHash":"\(blockHash)",
         "from":"\(address)","to":null,"status":"0x1","gasUsed":"0x5208","cumulativeGasUsed":"0x5208",
         "effectiveGasPrice":"0x3b9aca07","logs":[\(log)],"contractAddress":"\(hexBytes(0xcc, count: 20))",
         "type":"0x2","logsBloom":"0x00"}
        """

    static let transaction = """
        {"hash":"\(txHash)","nonce":"0x7","from":"\(address)","to":"\(hexBytes(0xcc, count: 20))",
         "value":"0xde0b6b3a7640000","input":"0xa9059cbb","gas":"0x5208","type":"0x2",
         "maxFeePerGas":"0x77359400","maxPriorityFeePerGas":"0x3b9aca00","gasPrice":"0x4a817c800",
         "chainId":"0x539","blockHash":null,"blockNumber":null,"transactionIndex":null,
         "v":"0x1","r":"0x1","s":"0x1"}
        """

    static let feeHistory = """
        {"oldestBlock":"0x1b2","baseFeePerGas":["0x3b9aca00","0x3b9aca01","0x3b9aca02"],
         "gasUsedRatio":[0.5,0],"reward":[["0x1","0x2"],["0x3","0x4"]]}
        """
}
