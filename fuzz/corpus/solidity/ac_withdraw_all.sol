pragma solidity ^0.4.24;

contract Faucet {
    address owner;
    mapping(address => uint256) public balances;

    constructor() public { owner = msg.sender; }

    function () public payable {}

    function withdrawAll() public {
        msg.sender.transfer(address(this).balance);
    }

    function withdrawSome(uint256 amount) public {
        msg.sender.transfer(amount);
    }

    function ownerWithdraw() public {
        require(msg.sender == owner);
        msg.sender.transfer(address(this).balance);
    }

    function withdrawOwn(uint256 amount) public {
        require(balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        msg.sender.transfer(amount);
    }
}
