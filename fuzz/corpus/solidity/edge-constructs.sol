pragma solidity ^0.8.0;
import "./A.sol" as A;
abstract contract B is A.C, D(1) { modifier m(uint x) virtual { _; } }
contract E is B {
    using SafeMath for uint256;
    struct S { mapping(address => uint[][]) m; bytes32 h; }
    enum K { X, Y }
    event Ev(address indexed a, string s) anonymous;
    uint constant Z = 2 ** 3 ** 2;
    string s = unicode"héllo \u00e9 😀" hex"00ff";
    receive() external payable {}
    fallback(bytes calldata d) external returns (bytes memory) { return d; }
    function f(uint a) public m(a) returns (uint r, bool ok) {
        for (uint i = 0; i < a; i++) { while (i > 2) { do { i--; } while (i > 9); break; } }
        unchecked { r = a * a - 1; }
        try this.g{value: 1, gas: 2}(a) returns (uint v) { r += v; } catch Error(string memory) { revert(); } catch { }
        assembly { let x := add(1, mload(0x40)) if x { sstore(0, x) } }
        (bool sent, ) = msg.sender.call{value: a}("");
        ok = sent && tx.origin == msg.sender ? block.timestamp > now : false;
        delete r; emit Ev(address(this), type(E).name);
    }
    function g(uint a) external payable returns (uint) { selfdestruct(payable(msg.sender)); }
}
