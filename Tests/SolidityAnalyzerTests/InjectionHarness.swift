import Foundation
@testable import SolidityAnalyzer

/// Evaluation by injection: bug snippets of each class are inserted at every function-level position of clean,
/// realistic contracts (Corpus/injection/*.sol, written for this harness), and the analyzer must report the
/// snippet's marked line with a detector of that class. `scripts/injection-eval` prints the table.
enum Injection {
    /// A bug class and the detectors whose finding on the marked line counts as found.
    struct BugClass: Sendable {
        var name: String
        var detectors: Set<String>
        var snippets: [Snippet]
    }

    /// One shape of a bug: state to declare (after the contract header) and a function to insert. `{N}` makes
    /// names unique, `{P}` is ` payable` from 0.5 on, `/*BUG*/` marks the line a detector must report.
    struct Snippet: Sendable {
        var state: String
        var function: String
    }

    struct Outcome: Sendable {
        var injected = 0
        var found = 0
        var misses: [String] = []
        var recall: Double { injected == 0 ? 1 : Double(found) / Double(injected) }
    }

    static let classes: [BugClass] = [
        BugClass(name: "unprotected-ether-withdrawal (SWC-105)", detectors: ["unprotected-ether-withdrawal"], snippets: [
            Snippet(state: "", function: """
                function claimBonus{N}() public payable {
                    msg.sender.transfer(1 ether); /*BUG*/
                }
                """),
            Snippet(state: "", function: """
                function sweep{N}() public {
                    msg.sender.transfer(address(this).balance); /*BUG*/
                }
                """),
            Snippet(state: "", function: """
                function payTo{N}(address{P} to, uint amount) public {
                    to.transfer(amount); /*BUG*/
                }
                """),
            Snippet(state: "", function: """
                function refundUpTo{N}(uint amount) public {
                    require(amount <= address(this).balance);
                    msg.sender.transfer(amount); /*BUG*/
                }
                """),
            Snippet(state: "", function: """
                function tip{N}() external {
                    uint amount = address(this).balance / 10;
                    if (amount > 0) {
                        msg.sender.transfer(amount); /*BUG*/
                    }
                }
                """),
            Snippet(state: "", function: """
                function gift{N}(address{P} friend) public {
                    require(friend != address(0));
                    bool ok = friend.send(0.01 ether); /*BUG*/
                    require(ok);
                }
                """),
        ]),
        BugClass(name: "timestamp equality deciding an outcome (SWC-116)", detectors: ["timestamp-dependence"], snippets: [
            Snippet(state: "uint public start{N};\naddress public winner{N};", function: """
                function luckyTime{N}() public {
                    if (start{N} + 5 days == block.timestamp) { /*BUG*/
                        winner{N} = msg.sender;
                    }
                }
                """),
            Snippet(state: "uint public deadline{N};\naddress public winner{N};", function: """
                function play{N}() public {
                    uint t = block.timestamp;
                    require(t == deadline{N}); /*BUG*/
                    winner{N} = msg.sender;
                }
                """),
            Snippet(state: "uint public roundEnd{N};\nuint public prize{N};", function: """
                function settleRound{N}() public {
                    bool exact = block.timestamp == roundEnd{N}; /*BUG*/
                    if (exact) {
                        prize{N} = 0;
                    }
                }
                """),
            Snippet(state: "uint public target{N};\naddress public winner{N};", function: """
                function guessTime{N}() public {
                    winner{N} = (block.timestamp == target{N}) ? msg.sender : winner{N}; /*BUG*/
                }
                """),
            Snippet(state: "uint public lastBid{N};\naddress public leader{N};", function: """
                function snipe{N}() public payable {
                    uint nowTime = block.timestamp;
                    if (nowTime == lastBid{N} + 1 hours) { /*BUG*/
                        leader{N} = msg.sender;
                    }
                    lastBid{N} = nowTime;
                }
                """),
        ]),
        BugClass(name: "front-running of a revealed answer (SWC-114)", detectors: ["front-running-hash-puzzle"], snippets: [
            Snippet(state: "bytes32 public answerHash{N};\naddress public solver{N};", function: """
                function solve{N}(string memory guess) public {
                    if (keccak256(abi.encodePacked(guess)) == answerHash{N}) { /*BUG*/
                        solver{N} = msg.sender;
                    }
                }
                """),
            Snippet(state: "mapping(address => bool) public solved{N};", function: """
                function unlock{N}(string memory secret) public {
                    require(keccak256(abi.encodePacked(secret)) == 0x5c6b5ad9d4c4e4f1a4b0a2f0c6b3f0e8b8f5a1d2c3e4f5a6b7c8d9e0f1a2b3c4); /*BUG*/
                    solved{N}[msg.sender] = true;
                }
                """),
            Snippet(state: "bytes32 public riddle{N};", function: """
                function answer{N}(bytes32 word) public {
                    bytes32 digest = keccak256(abi.encodePacked(word));
                    if (digest == riddle{N}) { /*BUG*/
                        msg.sender.transfer(0.1 ether);
                    }
                }
                """),
            Snippet(state: "bytes32 public target{N};\nmapping(address => uint) public points{N};", function: """
                function submit{N}(uint256 nonce) public {
                    require(sha256(abi.encodePacked(nonce)) == target{N}); /*BUG*/
                    points{N}[msg.sender] += 10;
                }
                """),
            Snippet(state: "bytes32 public commitment{N};\naddress public champion{N};\nbool public over{N};", function: """
                function reveal{N}(uint256 guess) external {
                    require(!over{N});
                    if (keccak256(abi.encode(guess)) == commitment{N}) { /*BUG*/
                        over{N} = true;
                        champion{N} = msg.sender;
                    }
                }
                """),
        ]),
        BugClass(name: "small local integer arithmetic before 0.8 (SWC-101)", detectors: ["integer-overflow", "integer-underflow"], snippets: [
            Snippet(state: "uint8 public level{N};", function: """
                function lower{N}() public {
                    uint8 v = 0;
                    v = v - 10; /*BUG*/
                    level{N} = v;
                }
                """),
            Snippet(state: "mapping(address => uint8) public ranks{N};", function: """
                function bump{N}(uint8 step) public returns (uint8) {
                    uint8 rank = 200;
                    rank = rank + step; /*BUG*/
                    ranks{N}[msg.sender] = rank;
                    return rank;
                }
                """),
            Snippet(state: "uint16 public remaining{N};", function: """
                function shrink{N}(uint16 by) public {
                    uint16 left = 100;
                    left -= by; /*BUG*/
                    remaining{N} = left;
                }
                """),
            Snippet(state: "", function: """
                function scale{N}(uint32 factor) public returns (uint32) {
                    uint32 x = 1000;
                    x = x * factor; /*BUG*/
                    return x;
                }
                """),
            Snippet(state: "uint64 public stamp{N};", function: """
                function advance{N}(uint64 delta) public {
                    uint64 next = stamp{N};
                    next += delta; /*BUG*/
                    stamp{N} = next;
                }
                """),
        ]),
        BugClass(name: "state written after send/transfer (SWC-107, low)", detectors: ["reentrancy", "reentrancy-limited-gas"], snippets: [
            Snippet(state: "mapping(address => uint) public credit{N};", function: """
                function cashOut{N}() public {
                    uint amount = credit{N}[msg.sender];
                    msg.sender.transfer(amount); /*BUG*/
                    credit{N}[msg.sender] = 0;
                }
                """),
            Snippet(state: "mapping(address => uint) public owed{N};", function: """
                function settle{N}() public {
                    require(msg.sender.send(owed{N}[msg.sender])); /*BUG*/
                    owed{N}[msg.sender] = 0;
                }
                """),
            Snippet(state: "mapping(address => uint) public deposits{N};\nuint public released{N};", function: """
                function release{N}() public {
                    uint amount = deposits{N}[msg.sender];
                    if (msg.sender.send(amount)) { /*BUG*/
                        released{N} += amount;
                        deposits{N}[msg.sender] = 0;
                    }
                }
                """),
            Snippet(state: "mapping(address => uint) public shares{N};\nmapping(address => bool) public paid{N};", function: """
                function payShare{N}(address{P} member) public {
                    require(!paid{N}[member]);
                    member.transfer(shares{N}[member]); /*BUG*/
                    paid{N}[member] = true;
                }
                """),
        ]),
    ]

    /// The clean contracts: (file name, source).
    static func cleanContracts() throws -> [(name: String, source: String)] {
        let directory = Corpus.directory.appendingPathComponent("injection")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sol") }.sorted()
        return try names.map { name in
            (name, String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self))
        }
    }

    /// Every variant of `source` with `snippet` inserted at one function-level position of its last contract,
    /// with the 1-based line of the marked statement.
    static func variants(of source: String, with snippet: Snippet, id: Int) -> [(source: String, bugLine: Int)] {
        let lines = source.components(separatedBy: "\n")
        guard let header = lines.lastIndex(where: { $0.hasPrefix("contract ") }) else { return [] }
        let payable = source.contains("pragma solidity ^0.4") ? "" : " payable"
        func render(_ text: String) -> [String] {
            text.replacingOccurrences(of: "{N}", with: "\(id)").replacingOccurrences(of: "{P}", with: payable)
                .components(separatedBy: "\n").map { $0.isEmpty ? $0 : "    " + $0 }
        }
        let state = snippet.state.isEmpty ? [] : render(snippet.state)
        let function = render(snippet.function) + [""]
        var positions: [Int] = []
        for index in (header + 1)..<lines.count {
            let line = lines[index]
            let member = ["    function ", "    constructor", "    modifier ", "    receive", "    fallback"].contains { line.hasPrefix($0) }
            if member || line == "}" { positions.append(index) }
            if line == "}" { break }
        }
        return positions.map { position in
            var result = lines
            result.insert(contentsOf: function, at: position)
            result.insert(contentsOf: state, at: header + 1)
            let bugIndex = result.firstIndex { $0.contains("/*BUG*/") }!
            result[bugIndex] = result[bugIndex].replacingOccurrences(of: " /*BUG*/", with: "")
            return (result.joined(separator: "\n"), bugIndex + 1)
        }
    }

    /// Runs every class over every clean contract and position.
    static func evaluate() throws -> (outcomes: [(BugClass, Outcome)], cleanFindings: [String]) {
        let analyzer = SolidityAnalyzer(configuration: .init(timeBudget: .seconds(10)))
        let contracts = try cleanContracts()
        var cleanFindings: [String] = []
        for contract in contracts {
            for finding in analyzer.analyze(source: contract.source, fileName: contract.name).findings {
                cleanFindings.append("\(contract.name):\(finding.startLine) \(finding.detectorID)")
            }
        }
        var outcomes: [(BugClass, Outcome)] = []
        for bugClass in classes {
            var outcome = Outcome()
            for (snippetIndex, snippet) in bugClass.snippets.enumerated() {
                for contract in contracts {
                    for (position, variant) in variants(of: contract.source, with: snippet, id: 900 + snippetIndex).enumerated() {
                        outcome.injected += 1
                        let findings = analyzer.analyze(source: variant.source, fileName: contract.name).findings
                        if findings.contains(where: { bugClass.detectors.contains($0.detectorID) && $0.startLine == variant.bugLine }) {
                            outcome.found += 1
                        } else {
                            outcome.misses.append("\(bugClass.name) snippet \(snippetIndex) in \(contract.name) at position \(position)")
                        }
                    }
                }
            }
            outcomes.append((bugClass, outcome))
        }
        return (outcomes, cleanFindings)
    }
}
