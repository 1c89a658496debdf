pragma solidity ^0.4.24;

contract Mutex {
    mapping (address => uint) public balances;
    bool locked;

    function deposit() public payable {
        balances[msg.sender] += msg.value;
    }

    function withdraw(uint amount) public {
        require(!locked);
        require(balances[msg.sender] >= amount);
        locked = true;
        require(msg.sender.call.value(amount)());
        balances[msg.sender] -= amount;
        locked = false;
    }

    function ownerCall(address target, uint v) public {
        require(msg.sender == owner);
        require(target.call.value(v)());
        lastCall = now;
    }

    address owner;
    uint lastCall;
}
