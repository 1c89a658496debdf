// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

/// A deliberately vulnerable contract used by the analyzer tests. Do not deploy.
contract Vulnerable {
    mapping(address => uint256) public balances;
    address public owner;
    address[] public payees;

    constructor() {
        owner = msg.sender;
    }

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }

    function withdraw() external {
        uint256 amount = balances[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send failed");
        balances[msg.sender] = 0;
    }

    function payAll(uint256 amount) external {
        for (uint256 i = 0; i < payees.length; i++) {
            payable(payees[i]).transfer(amount);
        }
    }

    function sweep(address payable to) external {
        require(tx.origin == owner, "not owner");
        to.send(address(this).balance);
    }

    function forward(address target, bytes calldata data) external {
        target.call(data);
        target.delegatecall(data);
    }

    function lottery() external view returns (bool) {
        uint256 random = uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), block.prevrandao)));
        return random % 2 == 0 && block.timestamp % 2 == 0;
    }

    function setOwner(address newOwner) public {
        owner = newOwner;
    }

    function destroy() external {
        selfdestruct(payable(msg.sender));
    }
}
