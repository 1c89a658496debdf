import Testing
@testable import SolidityAnalyzer

@Suite struct ParserTests {
    func parse(_ source: String) -> (SourceUnit, [SolidityDiagnostic]) {
        let budget = Budget(limit: .seconds(5))
        let lexed = Lexer.tokenize(source, budget: budget)
        var parser = Parser(tokens: lexed.tokens, budget: budget)
        let unit = parser.parseSourceUnit()
        return (unit, lexed.diagnostics + parser.diagnostics)
    }

    @Test func lexerTracksLinesColumnsAndSkipsComments() {
        let lexed = Lexer.tokenize("a /* x\n y */ b // c\n  0x1F 1.5e3 \"s\\\"q\" hex\"00\" >>>= 1 ether", budget: Budget(limit: .seconds(1)))
        let texts = lexed.tokens.map(\.text)
        #expect(texts == ["a", "b", "0x1F", "1.5e3", "\"s\\\"q\"", "hex\"00\"", ">>>=", "1", "ether", ""])
        #expect(lexed.tokens[1].span.start == SourcePosition(line: 2, column: 7))
        #expect(lexed.tokens[2].span.start == SourcePosition(line: 3, column: 3))
        #expect(lexed.tokens[2].span.end == SourcePosition(line: 3, column: 6))
        #expect(lexed.diagnostics.isEmpty)
    }

    @Test func unterminatedConstructsGiveDiagnostics() {
        let lexed = Lexer.tokenize("x = \"abc\n/* never closed", budget: Budget(limit: .seconds(1)))
        #expect(lexed.diagnostics.count == 2)
    }

    @Test func contractsInheritanceAndMembers() {
        let (unit, diagnostics) = parse("""
        pragma solidity >=0.4.22 <0.6.0;
        import "./A.sol";
        interface I { function f() external; }
        library L { function g(uint a) internal pure returns (uint) { return a; } }
        contract Base { address owner; }
        contract D is Base, I {
            using L for uint;
            struct S { uint a; mapping(address => uint) m; }
            enum E { One, Two }
            event Ev(address indexed who);
            uint[] public items;
            mapping(address => mapping(uint => bool)) internal flags;
            modifier onlyOwner { require(msg.sender == owner); _; }
            function D() public { owner = msg.sender; }
            function () payable { }
            function f() external onlyOwner { }
        }
        """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(unit.solidityPragma == ">=0.4.22 <0.6.0")
        #expect(unit.contracts.map(\.name) == ["I", "L", "Base", "D"])
        #expect(unit.contracts.map(\.kind) == [.interface, .library, .contract, .contract])
        let d = unit.contracts[3]
        #expect(d.baseContracts == ["Base", "I"])
        #expect(d.usingLibraries == ["L"])
        #expect(d.structs.map(\.name) == ["S"])
        #expect(d.enums == ["E"])
        #expect(d.stateVariables.map(\.name) == ["items", "flags"])
        #expect(d.stateVariables[0].type.isDynamicArray)
        #expect(d.stateVariables[1].type.isMapping)
        #expect(d.functions.map(\.kind) == [.modifier, .constructor, .fallback, .function])
        #expect(d.functions[3].modifiers.map(\.name) == ["onlyOwner"])
        #expect(d.functions[3].visibility == "external")
        #expect(d.span.start.line == 6)
        #expect(d.span.end.line == 17)
        #expect(d.functions[1].span.start == SourcePosition(line: 14, column: 5))
    }

    @Test func modernConstructsParseCleanly() {
        let (unit, diagnostics) = parse("""
        pragma solidity ^0.8.0;
        error Bad(uint x);
        contract C {
            receive() external payable {}
            fallback() external payable {}
            constructor() {}
            function f(address payable to) external returns (bool ok, bytes memory data) {
                (ok, data) = to.call{value: 1 ether, gas: 5000}("");
                (bool a, , uint b) = g();
                unchecked { b -= 1; }
                try this.h() returns (uint v) { b = v; } catch Error(string memory) { } catch { }
                assembly { let x := mload(0x40) }
                if (!a) revert Bad({x: b});
                emit E(b);
                uint[] memory xs = new uint[](3);
                bytes calldata s = msg.data[4:];
                return (a ? true : false, "");
            }
            function g() internal pure returns (bool, uint, uint) { return (true, 1, 2); }
            function h() external pure returns (uint) { return type(uint).max; }
        }
        """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let functions = unit.contracts.first?.functions ?? []
        #expect(functions.map(\.kind) == [.receive, .fallback, .constructor, .function, .function, .function])
        guard case .block(let statements, _)? = functions[3].body?.kind else {
            Issue.record("missing body")
            return
        }
        #expect(statements.count == 10)
        if case .variableDeclaration(let declarations, _) = statements[1].kind {
            #expect(declarations.map { $0?.name } == ["a", nil, "b"])
        } else {
            Issue.record("expected a tuple declaration")
        }
        if case .block(_, let unchecked) = statements[2].kind { #expect(unchecked) } else { Issue.record("expected unchecked block") }
        if case .inlineAssembly = statements[4].kind {} else { Issue.record("expected assembly") }
    }

    @Test func callValueChainsAreClassified() {
        let source = """
        pragma solidity ^0.4.24;
        contract C {
            function f(address a) public {
                a.call.value(1)();
                a.call.gas(1000).value(2)("x");
                a.send(3);
                a.transfer(4);
                a.delegatecall(msg.data);
            }
        }
        """
        let (unit, _) = parse(source)
        let model = SemanticModel(unit: unit, budget: Budget(limit: .seconds(5)))
        let calls = model.functions.first?.callSites.map(\.call) ?? []
        let lowLevel = calls.filter { $0.kind != .other }
        #expect(lowLevel.map(\.kind.rawValue) == ["call", "call", "send", "transfer", "delegatecall"])
        #expect(lowLevel.map(\.line) == [4, 5, 6, 7, 8])
        #expect(lowLevel[0].value?.canonical == "1")
        #expect(lowLevel[1].value?.canonical == "2")
    }

    @Test func garbageResynchronisesAtSemicolonsAndBraces() {
        let (unit, diagnostics) = parse("""
        contract A {
            uint x = ;
            function f() public { x = 1 +* 2; @@@; x = 2; }
            ??? garbage ;
            function g() public { }
        }
        contract B { }
        """)
        #expect(!diagnostics.isEmpty)
        #expect(unit.contracts.map(\.name) == ["A", "B"])
        #expect(unit.contracts[0].functions.map(\.name) == ["f", "g"])
    }

    @Test func pragmaVersions() {
        #expect(CompilerVersion(pragma: "^0.4.17").minor == 4)
        #expect(CompilerVersion(pragma: ">=0.4.22 <0.6.0").minor == 4)
        #expect(CompilerVersion(pragma: "0.8.19").hasCheckedArithmetic)
        #expect(CompilerVersion(pragma: ">=0.7.0").hasCheckedArithmetic == false)
        #expect(CompilerVersion(pragma: nil).assumed)
        #expect(CompilerVersion(pragma: "^0.5.0").isPre05 == false)
        #expect(CompilerVersion(pragma: "garbage").isPre05)
    }
}
