import Foundation
import Testing
@testable import SolidityAnalyzer

/// A Foundry-layout project written to a temporary directory: `lib/` dependency behind `remappings.txt`, a
/// relative import, a Hardhat-style `node_modules/` import, and contracts whose protection or state comes only
/// from imported files.
struct FoundryFixture {
    let root: URL

    static let ownable = """
        // SPDX-License-Identifier: MIT
        pragma solidity ^0.8.20;

        abstract contract Ownable {
            address private _keeper;

            constructor() { _keeper = msg.sender; }

            modifier gated() {
                require(msg.sender == _keeper, "not the keeper");
                _;
            }
        }
        """

    static let ledger = """
        pragma solidity ^0.8.20;

        contract Ledger {
            mapping(address => uint256) internal credit;
        }
        """

    static let vault = """
        // SPDX-License-Identifier: MIT
        pragma solidity ^0.8.20;

        import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
        import "./Ledger.sol";

        contract Vault is Ownable, Ledger {
            function sweep(address payable to) external gated {
                selfdestruct(to);
            }

            function withdraw() external {
                (bool ok, ) = msg.sender.call{value: credit[msg.sender]}("");
                require(ok);
                credit[msg.sender] = 0;
            }
        }
        """

    static let token = """
        pragma solidity ^0.8.20;

        import "solmate-lite/Auth.sol";

        contract Token is Auth {
            function kill() external requiresAuth {
                selfdestruct(payable(msg.sender));
            }
        }
        """

    static let auth = """
        pragma solidity ^0.8.20;

        abstract contract Auth {
            address public governor;
            modifier requiresAuth() {
                require(msg.sender == governor);
                _;
            }
        }
        """

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("foundry-\(UUID().uuidString)")
        let files: [String: String] = [
            "foundry.toml": "[profile.default]\nsrc = \"src\"\nlibs = [\"lib\"]\n",
            "remappings.txt": "@openzeppelin/=lib/openzeppelin-contracts/\n",
            "lib/openzeppelin-contracts/contracts/access/Ownable.sol": Self.ownable,
            "src/Ledger.sol": Self.ledger,
            "src/Vault.sol": Self.vault,
            "src/Token.sol": Self.token,
            "node_modules/solmate-lite/Auth.sol": Self.auth,
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite struct ProjectTests {
    @Test func importedModifierProtectsAndImportedStateIsKnown() throws {
        let fixture = try FoundryFixture()
        defer { fixture.remove() }
        let project = SolidityProject(root: fixture.root.path)
        let withImports = SolidityAnalyzer(configuration: .init(importResolver: project))
        let alone = SolidityAnalyzer()

        let vaultPath = fixture.path("src/Vault.sol")
        let resolved = withImports.analyze(source: FoundryFixture.vault, fileName: vaultPath)
        let unresolved = alone.analyze(source: FoundryFixture.vault, fileName: vaultPath)
        // Without the import, `gated` is an unknown modifier and the selfdestruct looks unprotected.
        #expect(unresolved.findings.contains { $0.detectorID == "unprotected-selfdestruct" })
        #expect(!resolved.findings.contains { $0.detectorID == "unprotected-selfdestruct" }, "\(resolved.findings.map(\.detectorID))")
        // Only with the relative import is `credit` known as state: the write after the call is reentrancy.
        #expect(resolved.findings.contains { $0.detectorID == "reentrancy" && $0.startLine == 13 })
        #expect(!unresolved.findings.contains { $0.detectorID == "reentrancy" })
        #expect(!resolved.diagnostics.contains { $0.message.contains("not found") })

        // node_modules (Hardhat/npm layout).
        let token = withImports.analyze(source: FoundryFixture.token, fileName: fixture.path("src/Token.sol"))
        #expect(!token.findings.contains { $0.detectorID == "unprotected-selfdestruct" })
    }

    @Test func findingsStayInTheFileTheyAreIn() throws {
        let fixture = try FoundryFixture()
        defer { fixture.remove() }
        // The base has a bug; the derived file imports it. The finding belongs to the base file's audit only.
        let base = "pragma solidity ^0.4.24;\ncontract Base {\n    function kill() public { selfdestruct(msg.sender); }\n}\n"
        try Data(base.utf8).write(to: fixture.root.appendingPathComponent("src/Base.sol"))
        let derived = "pragma solidity ^0.4.24;\nimport \"./Base.sol\";\ncontract Derived is Base {\n    uint x;\n}\n"
        let analyzer = SolidityAnalyzer(configuration: .init(importResolver: SolidityProject(root: fixture.root.path)))
        let derivedResult = analyzer.analyze(source: derived, fileName: fixture.path("src/Derived.sol"))
        #expect(derivedResult.findings.allSatisfy { $0.startLine <= 5 }, "\(derivedResult.findings.map { "\($0.detectorID)@\($0.startLine)" })")
        let baseResult = analyzer.analyze(source: base, fileName: fixture.path("src/Base.sol"))
        #expect(baseResult.findings.contains { $0.detectorID == "unprotected-selfdestruct" && $0.startLine == 3 })
    }

    @Test func missingAndCyclicImportsAreHarmless() throws {
        let fixture = try FoundryFixture()
        defer { fixture.remove() }
        let a = "pragma solidity ^0.8.0;\nimport \"./B.sol\";\nimport \"./Missing.sol\";\ncontract A is B {}\n"
        let b = "pragma solidity ^0.8.0;\nimport \"./A.sol\";\ncontract B {}\n"
        try Data(a.utf8).write(to: fixture.root.appendingPathComponent("src/A.sol"))
        try Data(b.utf8).write(to: fixture.root.appendingPathComponent("src/B.sol"))
        let analyzer = SolidityAnalyzer(configuration: .init(importResolver: SolidityProject(root: fixture.root.path)))
        let result = analyzer.analyze(source: a, fileName: fixture.path("src/A.sol"))
        #expect(result.diagnostics.contains { $0.message.contains("Missing.sol") && $0.message.contains("not found") })
        #expect(!result.budgetExceeded)
    }

    @Test func remappingsParseLongestPrefixFirst() {
        let parsed = SolidityProject.parseRemappings(["# comment", "@oz/=lib/oz/", "ctx:@oz/contracts/=lib/oz5/contracts/", "", "bad"])
        #expect(parsed.map(\.prefix) == ["@oz/contracts/", "@oz/"])
        #expect(parsed.first?.target == "lib/oz5/contracts/")
    }
}

@Suite struct SuppressionTests {
    static let source = """
        pragma solidity ^0.4.24;
        contract C {
            function a() public {
                // qsp-ignore-next-line unprotected-selfdestruct
                selfdestruct(msg.sender);
            }
            function b() public {
                selfdestruct(msg.sender);
            }
        }
        """

    @Test func nextLineCommentSuppressesOnlyThatLineAndDetector() {
        let findings = SolidityAnalyzer().analyze(source: Self.source, fileName: "C.sol").findings
        #expect(!findings.contains { $0.startLine == 5 && $0.detectorID == "unprotected-selfdestruct" })
        #expect(findings.contains { $0.startLine == 8 && $0.detectorID == "unprotected-selfdestruct" })
    }

    @Test func otherDetectorIdDoesNotSuppress() {
        let source = Self.source.replacingOccurrences(of: "ignore-next-line unprotected-selfdestruct", with: "ignore-next-line reentrancy")
        let findings = SolidityAnalyzer().analyze(source: source, fileName: "C.sol").findings
        #expect(findings.contains { $0.startLine == 5 && $0.detectorID == "unprotected-selfdestruct" })
    }

    @Test func fileLevelCommentSuppressesEverywhere() {
        let source = "// qsp-ignore-file unprotected-selfdestruct\n" + Self.source
        let findings = SolidityAnalyzer().analyze(source: source, fileName: "C.sol").findings
        #expect(!findings.contains { $0.detectorID == "unprotected-selfdestruct" })
    }
}
