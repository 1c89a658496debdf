// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract Payouts {
    address public owner;

    constructor() {
        owner = msg.sender;
    }

    function payIgnored(address payable to, uint256 amount) external {
        require(msg.sender == owner, "not owner");
        (bool success, ) = to.call{value: amount}("");
    }

    function payChecked(address payable to, uint256 amount) external {
        require(msg.sender == owner, "not owner");
        (bool success, ) = to.call{value: amount}("");
        require(success, "payment failed");
    }

    function payBool(address payable to, uint256 amount) external returns (bool) {
        require(msg.sender == owner, "not owner");
        bool ok = to.send(amount);
        return ok;
    }

    receive() external payable {}
}
