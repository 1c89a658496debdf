// SPDX-License-Identifier: MIT
pragma solidity >=0.8.4 <0.9.0;

import {IERC20} from "./IERC20.sol";
import "./Other.sol" as Other;

type Price is uint128;

error Unauthorized(address caller);
error InsufficientBalance(uint256 available, uint256 required);

interface IOracle {
    function latest() external view returns (uint256 value, uint64 updatedAt);
}

library MathLib {
    function min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}

abstract contract Ownable {
    address public owner;
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() virtual {
        if (msg.sender != owner) revert Unauthorized(msg.sender);
        _;
    }

    function transferOwnership(address newOwner) public virtual onlyOwner {
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }
}

contract Vault is Ownable {
    using MathLib for uint256;

    enum State { Open, Closed }

    struct Position {
        uint256 amount;
        uint64 openedAt;
        State state;
    }

    mapping(address => Position) private positions;
    mapping(address => mapping(address => uint256)) public allowances;
    IOracle public immutable oracle;
    uint256 public constant FEE_BPS = 30;
    uint256[] private history;
    function(uint256) internal pure returns (uint256) private transform;

    event Deposited(address indexed who, uint256 amount);

    constructor(IOracle _oracle) Ownable() {
        oracle = _oracle;
    }

    receive() external payable {
        positions[msg.sender].amount += msg.value;
    }

    fallback() external payable {
        revert("no fallback");
    }

    function deposit() external payable {
        Position storage p = positions[msg.sender];
        p.amount += msg.value;
        p.state = State.Open;
        emit Deposited({who: msg.sender, amount: msg.value});
    }

    function withdraw(uint256 amount) external {
        Position storage p = positions[msg.sender];
        if (p.amount < amount) revert InsufficientBalance({available: p.amount, required: amount});
        p.amount -= amount;
        (bool ok, bytes memory data) = payable(msg.sender).call{value: amount, gas: 50000}("");
        require(ok, string(data));
    }

    function price() external view returns (uint256 v) {
        try oracle.latest() returns (uint256 value, uint64) {
            v = value;
        } catch Error(string memory) {
            v = 0;
        } catch (bytes memory) {
            v = 1;
        }
    }

    function fee(uint256 amount) public pure returns (uint256) {
        unchecked {
            return amount * FEE_BPS / 10_000;
        }
    }

    function slice(bytes calldata data) external pure returns (bytes4 sig, bytes calldata rest) {
        sig = bytes4(data[:4]);
        rest = data[4:];
    }

    function tupleStuff() external view returns (uint256, uint256) {
        (uint256 a, , uint256 c) = (1, 2, 3);
        uint256[3] memory fixedArr = [uint256(1), 2, 3];
        uint256 x = type(uint256).max;
        assembly {
            let y := add(a, c)
            if gt(y, 10) { y := 10 }
        }
        return (a + fixedArr[0], c.min(x));
    }

    function sweep(address payable to) external onlyOwner {
        selfdestruct(to);
    }
}
