// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract Modern {
    mapping(address => uint256) public balances;
    uint256 public total;

    function spend(uint256 amount) external {
        balances[msg.sender] -= amount;
        total -= amount;
    }

    function spendUnchecked(uint256 amount) external {
        unchecked {
            total -= amount;
        }
    }

    function loop(uint256 n) external pure returns (uint256 s) {
        for (uint256 i = 0; i < n; ) {
            s += i;
            unchecked { ++i; }
        }
    }
}
