import Foundation
import Testing
import Ethereum

/// The protocol's ABI must produce exactly the selectors and topics listed in PROTOCOL.md §2.2–2.3.
@Suite("QuantstampAudit v2 ABI")
struct QuantstampABITests {
    static func load() throws -> ContractABI {
        let url = try #require(Bundle.module.url(forResource: "QuantstampAudit-v2.abi", withExtension: "json", subdirectory: "Vectors"))
        return try ContractABI(json: Data(contentsOf: url))
    }

    /// PROTOCOL.md §2.2 (functions in the ABI file): selector → canonical signature.
    static let functions: [(String, String)] = [
        ("0xe4ca784b", "isPoliceNode(address)"), ("0x79735d54", "hasEnoughStake(address)"),
        ("0x9a3fc225", "getMinAuditStake()"), ("0x4b341aed", "totalStakedFor(address)"),
        ("0xfcb0a7ad", "getMinAuditPrice(address)"), ("0x5c8f66f3", "getMinAuditPriceLowerCap()"),
        ("0x236ebbae", "setAuditNodePrice(uint256)"), ("0x823b5e9f", "getAuditTimeoutInBlocks()"),
        ("0x7d2b48bb", "getMaxAssignedRequests()"), ("0xd1e0cc21", "assignedRequestCount(address)"),
        ("0x6ca78a1c", "anyRequestAvailable()"), ("0x2fd1b320", "myMostRecentAssignedAudit()"),
        ("0xbe7a3164", "getNextAuditRequest()"), ("0xdc61b497", "submitReport(uint256,uint8,bytes)"),
        ("0x10debdf8", "isAuditFinished(uint256)"), ("0x4e7f9b19", "getReport(uint256)"),
        ("0xf769aeb2", "getNextPoliceAssignment()"), ("0x3224ba23", "submitPoliceReport(uint256,bytes,bool)"),
        ("0x9bb1cfd6", "hasAvailableRewards()"), ("0x372500ab", "claimRewards()"),
        ("0xae169a50", "claimReward(uint256)"), ("0x5650152b", "getNextAvailableReward(uint256)"),
        ("0xa694fc3a", "stake(uint256)"), ("0x2def6620", "unstake()"), ("0x278ecde1", "refund(uint256)"),
        ("0x25200718", "requestAudit(string,uint256)"), ("0x4115f883", "requestAuditWithPriceHint(string,uint256,uint256)"),
        ("0x32143a35", "mostRecentAssignedRequestIdsPerAuditor(address)"), ("0x976e0da9", "getNextPrice(uint256)"),
        ("0x2c90ccba", "getNextAuditByPrice(uint256,uint256)"), ("0x5905b171", "getNextAssignedRequest(uint256)"),
        ("0xde3039d2", "findPrecedingPrice(uint256)"), ("0x21a4d259", "setMinAuditPriceLowerCap(uint256)"),
        ("0x6072ec64", "auditData()"), ("0x0c36eb21", "reportData()"), ("0xc7330dd4", "police()"),
        ("0xaac41ed6", "tokenEscrow()"), ("0x8da5cb5b", "owner()"), ("0xf2fde38b", "transferOwnership(address)"),
        ("0x715018a6", "renounceOwnership()"), ("0x5c975abb", "paused()"), ("0x8456cb59", "pause()"),
        ("0x3f4ba83a", "unpause()"),
    ]

    /// PROTOCOL.md §2.2, functions of the Data and Police contracts (not in this ABI file): selector → signature.
    static let otherContractFunctions: [(String, String)] = [
        ("0x630eb125", "getAuditAssignBlockNumber(uint256)"), ("0x0783c2ef", "getAuditState(uint256)"),
        ("0x05357c69", "isAssigned(uint256,address)"), ("0x9766b69f", "policeTimeouts(uint256)"),
        ("0x8b7358a0", "getPoliceReportResult(uint256,address)"),
    ]

    /// PROTOCOL.md §2.3 (events in the ABI file): name → topic0.
    static let events: [(String, String)] = [
        ("LogAuditRequested", "0x4840dade871b5e2ef351b94bf0013ddc305ba95cf2db9d14b18720e1267b5bca"),
        ("LogAuditAssigned", "0x7f77829ea87833bf5f6593e4e0c63ef9049662fb927b51278325bcf708b38359"),
        ("LogAuditQueueIsEmpty", "0x20c67af46c413c2d718d4d21afe5ab6bfcb13460d2660353bc9058257cf7eb07"),
        ("LogAuditAssignmentError_ExceededMaxAssignedRequests", "0xa02f269007e4473186254aa700b45b5a04c17e9620880bda1ab752f0ead12240"),
        ("LogAuditAssignmentError_Understaked", "0xcd1a5c2608a4f819aefa1f8e9fd631d8f945388ec4f548862145374cfacee622"),
        ("LogAuditNodePriceHigherThanRequests", "0x0f6aa5cab8b4a5dfb68af521bc651c3de27e3644244a5194cfec3d4d1e26b00b"),
        ("LogAuditAssignmentUpdate_Expired", "0xa711f872e3732bc5b6130b03d9d7e514ffe570ac79dce6d1de822fe98c5b2400"),
        ("LogAuditFinished", "0xb767d2160422b0b43310f02f68c4fdaa45af8962e7f088353b947647fd6e5fc4"),
        ("LogReportSubmissionError_InvalidResult", "0x3a0de84191b46e385bc9aff0ecb6cb021f3bb03c3ca5ee8434455163c2d81599"),
        ("LogReportSubmissionError_InvalidState", "0x6b363836716c3877f3c49dd37defa9fb5d124706cb0b6640f49c2e09db911daf"),
        ("LogReportSubmissionError_InvalidAuditor", "0xf347c161bf17d622e62922326092dd9579fd3e85fa93f6de90e7df3a7336c2fb"),
        ("LogReportSubmissionError_ExpiredAudit", "0xe1f2d12acdc0bb70d6d7daaa80a51c7d266585e839cdf1fe120d178938d42565"),
        ("LogPoliceAuditFinished", "0x70a7ec97048a84d6fad0b20372a959338939da2fae30107b8f34c8d1159c7002"),
        ("LogPayAuditor", "0xea648b3eaf17a2dc7140d38177ea6c732aa308fdae50d160350b9b4588a0ddb7"),
        ("LogClaimRewardsReachedGasLimit", "0x764bdfe1f1effdf0cae61d67e6bd6fd090076b62ac5625f7f31169e635119ced"),
        ("LogAuditNodePriceChanged", "0xddbe8ac5fd80afcdfe74510771f42b2d5faa2540275a36ec03f427b8746a8fdd"),
        ("LogRefund", "0xd712b46ccde5e095a18ecd18aed6bf9d83d9263601d1942365932b15f23cd7da"),
        ("LogRefundInvalidRequestor", "0xc51ab1f8d63f8e46b3c04ac4a66ac4b693cb2ce80c3b5b7389e154353082592f"),
        ("LogRefundInvalidState", "0x252974ce60c3b659020152c6a83af57c5bbce037c4ee31c2b314351add4da7be"),
        ("LogRefundInvalidFundsLocked", "0xdb8b2c3ddf278f26b9faf68fffeaf005fdf4fdb58edc05affdf9fcf5efd2294a"),
        ("Pause", "0x6985a02210a168e66602d3235cb6db0e70f92b3ba4d376a33c0f3d9434bff625"),
        ("Unpause", "0x7805862f689e2f13df9f062ff482ad3ad112aca9e0847911ed832e158c525b33"),
        ("OwnershipRenounced", "0xf8df31144d9c2f0f6b59d69b8b98abd5459d07f2742c4df920b25aae33c64820"),
        ("OwnershipTransferred", "0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0"),
    ]

    /// PROTOCOL.md §2.3, police-contract events (not in this ABI file): signature → topic0.
    static let policeEvents: [(String, String)] = [
        ("PoliceNodeAssignedToReport(address,uint256)", "0x41000dc4a0fb757999a82d88448d2e01e89419ffd8f21c0599d5a60247ae7cde"),
        ("PoliceSubmissionPeriodExceeded(uint256,uint256,uint256)", "0x764073f9ee9dbd62b4e15bcf81b9fd0e112226675be79ee964de258124da8a70"),
        ("PoliceSlash(uint256,address,address,uint256)", "0xbb3db90091e7d94a3031b1e74ca2c6eef93076c8b10469ae849657f482abf4ca"),
        ("PoliceAssignmentExpiredAndCleared(uint256)", "0x3c19ef3613691cc28a274f1e4f5a26e85cff95fb7f0077b909a25aa4c8204791"),
    ]

    @Test func everyListedSelector() throws {
        let abi = try Self.load()
        #expect(abi.functions.count == 43)
        for (selector, signature) in Self.functions {
            let name = String(signature.prefix { $0 != "(" })
            let function = try #require(abi.function(named: name), "\(name) missing from the ABI")
            #expect(function.signature == signature)
            #expect(function.selector.hexString() == selector, "\(signature)")
            #expect(abi.function(selector: try Data(hexString: selector))?.name == name)
        }
        for (selector, signature) in Self.otherContractFunctions {
            #expect(Keccak256.hash(utf8: signature).prefix(4).hexString() == selector, "\(signature)")
        }
    }

    @Test func everyListedTopic() throws {
        let abi = try Self.load()
        #expect(abi.events.count == 24)
        for (name, topic) in Self.events {
            let event = try #require(abi.event(named: name), "\(name) missing from the ABI")
            #expect(event.topic0.hexString() == topic, "\(event.signature)")
            #expect(abi.event(topic0: try Data(hexString: topic))?.name == name)
        }
        for (signature, topic) in Self.policeEvents {
            #expect(Keccak256.hash(utf8: signature).hexString() == topic, "\(signature)")
        }
    }

    /// A `LogAuditAssigned` log as produced by eth-abi 6.0.0 for the values below.
    static let assignedLogData =
        "000000000000000000000000000000000000000000000000000000000000002a0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed000000000000000000000000fb6916095ca1df60bb79ce92ce3ea74c37c5d35900000000000000000000000000000000000000000000000000000000000000c00000000000000000000000000000000000000000000000000de0b6b3a76400000000000000000000000000000000000000000000000000000000000000003039000000000000000000000000000000000000000000000000000000000000002068747470733a2f2f6578616d706c652e636f6d2f636f6e74726163742e736f6c"

    @Test func decodesLogAuditAssigned() throws {
        let abi = try Self.load()
        let event = try #require(abi.event(named: "LogAuditAssigned"))
        let log = try event.decodeLog(topics: [event.topic0], data: Data(hexString: Self.assignedLogData))
        #expect(log.event == "LogAuditAssigned")
        #expect(log.fields.map(\.name) == ["requestId", "auditor", "requestor", "uri", "price", "requestBlockNumber"])
        #expect(log["requestId"] == .uint(42))
        #expect(log["auditor"]?.addressValue == (try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")))
        #expect(log["requestor"]?.addressValue == (try Address("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")))
        #expect(log["uri"]?.stringValue == "https://example.com/contract.sol")
        #expect(log["price"]?.uintValue == UInt256(decimalString: "1000000000000000000"))
        #expect(log["requestBlockNumber"]?.uint64Value == 12345)
        // Wrong topic0, extra topics and truncated data are errors.
        #expect(throws: ABIError.self) { try event.decodeLog(topics: [Data(count: 32)], data: Data(hexString: Self.assignedLogData)) }
        #expect(throws: ABIError.self) { try event.decodeLog(topics: [event.topic0, event.topic0], data: Data()) }
        #expect(throws: ABIError.self) { try event.decodeLog(topics: [], data: Data()) }
        #expect(throws: ABIError.self) { try event.decodeLog(topics: [event.topic0], data: Data(hexString: Self.assignedLogData).dropLast(40)) }
    }

    /// Every event of the ABI decodes a log built from sample values of its field types, and rejects data missing its
    /// last word (trailing zero padding itself is not required, as in Solidity's decoder).
    @Test func everyEventRoundTrips() throws {
        let abi = try Self.load()
        let sample: (ABIType) -> ABIValue = { type in
            switch type {
            case .uint(let bits): return .uint(UInt256(UInt64(bits)))
            case .address: return .address(.zero)
            case .bool: return .bool(true)
            case .bytes: return .bytes(Data([0xc0, 0xff, 0xee]))
            case .string: return .string("ipfs://report")
            default: return .fixedBytes(Data(count: 32))
            }
        }
        for event in abi.events {
            let topics = [event.topic0] + event.inputs.filter(\.indexed).map { _ in Data(count: 12) + Data(repeating: 0x11, count: 20) }
            let dataInputs = event.inputs.filter { !$0.indexed }
            let values = dataInputs.map { sample($0.type) }
            let data = try ABICodec.encode(values, as: dataInputs.map(\.type))
            let log = try event.decodeLog(topics: topics, data: data)
            #expect(log.fields.count == event.inputs.count, "\(event.signature)")
            if !data.isEmpty {
                #expect(throws: ABIError.self) { try event.decodeLog(topics: topics, data: data.dropLast(32)) }
            }
        }
    }

    @Test func indexedOwnershipEvent() throws {
        let abi = try Self.load()
        let event = try #require(abi.event(named: "OwnershipTransferred"))
        let a = try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), b = try Address("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")
        let topic = { (x: Address) in Data(count: 12) + x.bytes }
        let log = try event.decodeLog(topics: [event.topic0, topic(a), topic(b)], data: Data())
        #expect(log.values == [.address(a), .address(b)])
        #expect(throws: ABIError.self) { try event.decodeLog(topics: [event.topic0, topic(a)], data: Data()) }
        // A topic with dirty upper bytes is not an address.
        #expect(throws: ABIError.self) { try event.decodeLog(topics: [event.topic0, Data(repeating: 0xff, count: 32), topic(b)], data: Data()) }
    }

    @Test func encodesCallsAndDecodesOutputs() throws {
        let abi = try Self.load()
        let submit = try #require(abi.function(named: "submitReport"))
        let calldata = try submit.encodeCall([.uint(7), .uint(4), .bytes(Data([0xab, 0xcd]))])
        #expect(calldata.hexString() == "0xdc61b497"
            + "0000000000000000000000000000000000000000000000000000000000000007"
            + "0000000000000000000000000000000000000000000000000000000000000004"
            + "0000000000000000000000000000000000000000000000000000000000000060"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "abcd000000000000000000000000000000000000000000000000000000000000")
        let recent = try #require(abi.function(named: "myMostRecentAssignedAudit"))
        #expect(recent.outputs.map(\.type.canonicalName) == ["uint256", "address", "string", "uint256", "uint256"])
        let output = try ABICodec.encode([.uint(0), .address(.zero), .string(""), .uint(0), .uint(0)], as: recent.outputs.map(\.type))
        #expect(try recent.decodeOutput(output) == [.uint(0), .address(.zero), .string(""), .uint(0), .uint(0)])
        #expect(abi.function(named: "isPoliceNode")?.isReadOnly == true)
        #expect(abi.function(named: "submitReport")?.isReadOnly == false)
    }
}
