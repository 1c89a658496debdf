import Testing
@testable import SolidityAnalyzer

@Suite struct SemanticsTests {
    func model(_ source: String) -> SemanticModel {
        let budget = Budget(limit: .seconds(5))
        var parser = Parser(tokens: Lexer.tokenize(source, budget: budget).tokens, budget: budget)
        return SemanticModel(unit: parser.parseSourceUnit(), budget: budget)
    }

    func function(_ name: String, in model: SemanticModel) -> FunctionModel? {
        model.contracts.last?.functions.first { $0.definition.name == name }
    }

    @Test func recognisesOwnerProtection() {
        let m = model("""
        pragma solidity ^0.4.24;
        contract Ownable {
            address owner;
            mapping(address => bool) admins;
            modifier onlyOwner() { require(msg.sender == owner); _; }
            modifier onlyAdmin() { if (!admins[msg.sender]) throw; _; }
        }
        contract C is Ownable {
            modifier nonReentrant() { _; }
            function a() public onlyOwner {}
            function b() public onlyAdmin {}
            function c() public { if (msg.sender != owner) revert(); }
            function d() public nonReentrant {}
            function e(address who) public { require(msg.sender == who); }
            function f() public onlyImportedOwner {}
            function g(uint amount) public { require(amount <= admins2[msg.sender]); }
            mapping(address => uint) admins2;
        }
        """)
        let protected = ["a", "b", "c", "f"].map { function($0, in: m)?.isProtected }
        #expect(protected == [true, true, true, true])
        let open = ["d", "e", "g"].map { function($0, in: m)?.isProtected }
        #expect(open == [false, false, false])
    }

    @Test func resolvesInheritanceAndScopes() {
        let m = model("""
        contract A { uint x; function fa() public {} }
        contract B is A { uint y; }
        contract C is B { uint z; function f(uint x) public { uint y = x; z = y; } }
        """)
        let c = m.contracts[2]
        #expect(c.linearization.map(\.name) == ["C", "B", "A"])
        #expect(Set(c.stateVariables.keys) == ["x", "y", "z"])
        #expect(c.functionsByName["fa"] != nil)
        let f = c.functions[0]
        #expect(f.isStateVariable("z"))
        #expect(!f.isStateVariable("x"), "parameter shadows state")
        #expect(!f.isStateVariable("y"), "local shadows state")
    }

    @Test func taintFlowsThroughLocals() {
        let m = model("""
        contract C {
            function f(uint p) public {
                uint a = p * 2;
                uint b = block.number;
                uint c;
                c = a + now;
                address s = msg.sender;
            }
        }
        """)
        let f = m.contracts[0].functions[0]
        #expect(f.localTaint["a"] == .parameter)
        #expect(f.localTaint["b"] == .blockEntropy)
        #expect(f.localTaint["c"] == [.parameter, .timestamp])
        #expect(f.localTaint["s"] == .sender)
    }

    @Test func storagePointersBeforeAndAfter05() {
        let m = model("""
        pragma solidity ^0.4.24;
        contract C {
            struct S { uint a; }
            mapping(address => S) accounts;
            uint[] list;
            function f() public {
                var acc = accounts[msg.sender];
                S storage explicit = accounts[msg.sender];
                S memory copy = accounts[msg.sender];
                uint value = list[0];
                acc.a = 1;
            }
        }
        """)
        let f = m.contracts[0].functions[0]
        #expect(f.storagePointers == ["acc", "explicit"])
    }
}
