pragma solidity ^0.5.0;

contract Locked {
    mapping(address => uint256) public deposits;

    function deposit() public payable {
        deposits[msg.sender] += msg.value;
    }
}

contract Unlocked {
    mapping(address => uint256) public deposits;

    function deposit() public payable {
        deposits[msg.sender] += msg.value;
    }

    function withdraw() public {
        uint256 amount = deposits[msg.sender];
        deposits[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}

contract NotPayable {
    uint256 public value;

    function set(uint256 v) public {
        value = v;
    }
}
