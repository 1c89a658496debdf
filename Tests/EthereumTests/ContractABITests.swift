import Foundation
import Testing
import Ethereum

@Suite("JSON ABI, events and revert data")
struct ContractABITests {
    static let json = #"""
    [
      {"type": "constructor", "inputs": [{"name": "x", "type": "uint256"}]},
      {"type": "fallback", "stateMutability": "payable"},
      {"type": "receive", "stateMutability": "payable"},
      {"type": "function", "name": "submit", "stateMutability": "nonpayable",
       "inputs": [{"name": "orders", "type": "tuple[]", "components": [
           {"name": "maker", "type": "address"},
           {"name": "legs", "type": "tuple[2]", "components": [{"name": "amount", "type": "uint128"}, {"name": "memo", "type": "string"}]}
       ]}, {"name": "flag", "type": "bool"}],
       "outputs": [{"name": "", "type": "uint256"}]},
      {"name": "legacyConstant", "constant": true, "inputs": [], "outputs": [{"name": "", "type": "bool"}]},
      {"type": "event", "name": "Noted", "anonymous": false, "inputs": [
          {"name": "who", "type": "address", "indexed": true},
          {"name": "tag", "type": "string", "indexed": true},
          {"name": "amount", "type": "int64", "indexed": true},
          {"name": "payload", "type": "bytes", "indexed": false}
      ]},
      {"type": "error", "name": "InsufficientBalance", "inputs": [{"name": "available", "type": "uint256"}, {"name": "required", "type": "uint256"}]}
    ]
    """#

    @Test func tupleComponentsBecomeCanonicalSignature() throws {
        let abi = try ContractABI(json: Data(Self.json.utf8))
        #expect(abi.functions.map(\.name) == ["submit", "legacyConstant"])
        let submit = try #require(abi.function(named: "submit"))
        #expect(submit.signature == "submit((address,(uint128,string)[2])[],bool)")
        #expect(submit.selector == Keccak256.hash(utf8: submit.signature).prefix(4))
        #expect(submit.inputs[0].components.map(\.name) == ["maker", "legs"])
        #expect(submit.inputs[0].components[1].components.map(\.name) == ["amount", "memo"])
        #expect(abi.function(named: "legacyConstant")?.isReadOnly == true)
        let order = ABIValue.tuple([.address(.zero), .array([.tuple([.uint(1), .string("a")]), .tuple([.uint(2), .string("b")])])])
        let calldata = try submit.encodeCall([.array([order, order]), .bool(true)])
        #expect(try submit.decodeCall(calldata) == [.array([order, order]), .bool(true)])
    }

    @Test func indexedDynamicValuesComeBackAsHashes() throws {
        let abi = try ContractABI(json: Data(Self.json.utf8))
        let event = try #require(abi.event(named: "Noted"))
        #expect(event.signature == "Noted(address,string,int64,bytes)")
        let who = try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        let tagHash = Keccak256.hash(utf8: "hello")
        let topics = [event.topic0, Data(count: 12) + who.bytes, tagHash, UInt256(twosComplementOf: -7).bigEndianBytes]
        let data = try ABICodec.encode([.bytes(Data([1, 2, 3]))], as: [.bytes])
        let log = try event.decodeLog(topics: topics, data: data)
        #expect(log["who"] == .address(who))
        #expect(log["tag"] == .fixedBytes(tagHash))
        #expect(log["amount"]?.intValue?.int64InTwosComplement == -7)
        #expect(log["payload"] == .bytes(Data([1, 2, 3])))
        #expect(log["missing"] == nil)
        #expect(abi.event(topic0: event.topic0)?.name == "Noted")
        #expect(abi.event(topic0: Data(count: 32)) == nil)
    }

    @Test func customErrors() throws {
        let abi = try ContractABI(json: Data(Self.json.utf8))
        let error = try #require(abi.errors.first)
        #expect(error.signature == "InsufficientBalance(uint256,uint256)")
        let revert = error.selector + (try ABICodec.encode([.uint(1), .uint(2)], as: [.uint(256), .uint(256)]))
        #expect(abi.error(selector: Data(revert.prefix(4)))?.name == "InsufficientBalance")
        #expect(try error.decode(revert) == [.uint(1), .uint(2)])
        guard case .custom(let selector, let body)? = RevertReason.decode(revert) else {
            Issue.record("expected a custom revert reason")
            return
        }
        #expect(selector == error.selector && body.count == 64)
    }

    @Test func artifactObjectAndErrors() throws {
        let artifact = #"{"contractName": "X", "abi": [{"type": "function", "name": "f", "inputs": [], "outputs": []}]}"#
        #expect(try ContractABI(json: Data(artifact.utf8)).functions.first?.signature == "f()")
        #expect(throws: ABIError.self) { try ContractABI(json: Data("not json".utf8)) }
        #expect(throws: ABIError.self) { try ContractABI(json: Data(#"[{"type": "function", "inputs": []}]"#.utf8)) }
        #expect(throws: ABIError.self) {
            try ContractABI(json: Data(#"[{"type": "function", "name": "f", "inputs": [{"name": "a", "type": "uint7"}]}]"#.utf8))
        }
        #expect(throws: ABIError.self) {
            try ContractABI(json: Data(#"[{"type": "function", "name": "f", "inputs": [{"name": "a", "type": "tuple"}]}]"#.utf8))
        }
        #expect(throws: ABIError.self) { try ContractABI(json: Data(#"[{"type": "weird", "name": "f"}]"#.utf8)) }
    }

    @Test func revertReasons() throws {
        let error = try Data(hexString: "0x08c379a0000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000104e6f7420656e6f756768207374616b6500000000000000000000000000000000")
        #expect(RevertReason.decode(error) == .error("Not enough stake"))
        let panic = try Data(hexString: "0x4e487b710000000000000000000000000000000000000000000000000000000000000011")
        #expect(RevertReason.decode(panic) == .panic(0x11))
        #expect(RevertReason.decode(panic)?.description == "panic 0x11 (arithmetic overflow or underflow)")
        #expect(RevertReason.decode(Data()) == nil)
        #expect(RevertReason.decode(Data([0x08, 0xc3, 0x79])) == nil)
        // Truncated Error(string) data is reported as custom, not a crash.
        #expect(RevertReason.decode(Data(error.prefix(40))) == .custom(selector: Data(error.prefix(4)), data: Data(error[4..<40])))
    }
}
