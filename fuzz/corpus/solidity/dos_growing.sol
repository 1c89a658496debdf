pragma solidity ^0.4.24;

contract Refunder {
    address[] private refundAddresses;
    mapping (address => uint) public refunds;

    function join() public payable {
        refundAddresses.push(msg.sender);
        refunds[msg.sender] += msg.value;
    }

    function refundAll() public {
        for (uint x; x < refundAddresses.length; x++) {
            require(refundAddresses[x].send(refunds[refundAddresses[x]]));
        }
    }
}

contract Distributor {
    address owner;
    address[10] fixedPayees;

    constructor() public { owner = msg.sender; }

    function pay() public {
        require(msg.sender == owner);
        for (uint i = 0; i < fixedPayees.length; i++) {
            fixedPayees[i].send(1 wei);
        }
    }
}
