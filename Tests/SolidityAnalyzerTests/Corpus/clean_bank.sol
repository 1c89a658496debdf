pragma solidity ^0.4.24;

contract Ownable {
    address public owner;

    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    constructor() public {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function transferOwnership(address newOwner) public onlyOwner {
        require(newOwner != address(0));
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }
}

contract Bank is Ownable {
    mapping(address => uint256) public balances;
    uint256 public totalDeposits;
    uint256 public fee = 1;

    function deposit() public payable {
        require(msg.value > 0);
        balances[msg.sender] += msg.value;
        totalDeposits += msg.value;
    }

    function withdraw(uint256 amount) public {
        require(amount <= balances[msg.sender]);
        balances[msg.sender] -= amount;
        totalDeposits -= amount;
        msg.sender.transfer(amount);
    }

    function setFee(uint256 _fee) public onlyOwner {
        fee = _fee;
    }

    function collect() public onlyOwner {
        owner.transfer(address(this).balance - totalDeposits);
    }

    function destroy() public onlyOwner {
        selfdestruct(owner);
    }
}
