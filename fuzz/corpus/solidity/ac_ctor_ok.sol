pragma solidity ^0.4.18;

contract Wallet {
    address owner;
    mapping(address => uint) deposits;

    function Wallet() public {
        owner = msg.sender;
    }

    function Deposit() public payable {
        deposits[msg.sender] += msg.value;
    }

    function Transfer(address to, uint amount) public {
        require(msg.sender == owner);
        to.transfer(amount);
    }
}

contract Crowd {
    address public beneficiary;

    constructor(address _beneficiary) public {
        beneficiary = _beneficiary;
    }

    function Refund() public {
        require(msg.sender == beneficiary);
        beneficiary.transfer(address(this).balance);
    }
}
