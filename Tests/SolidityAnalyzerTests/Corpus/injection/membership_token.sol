pragma solidity ^0.4.24;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        require(c >= a);
        return c;
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        require(b <= a);
        return a - b;
    }
}

contract MembershipToken {
    using SafeMath for uint256;

    string public constant name = "Guild Membership";
    uint8 public constant decimals = 0;
    address public owner;
    uint256 public totalSupply;
    uint256 public memberPrice = 0.05 ether;
    mapping(address => uint256) public balanceOf;
    mapping(address => bool) public isMember;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Joined(address indexed member);

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    constructor() public {
        owner = msg.sender;
    }

    function join() public payable {
        require(!isMember[msg.sender]);
        require(msg.value == memberPrice);
        isMember[msg.sender] = true;
        balanceOf[msg.sender] = balanceOf[msg.sender].add(1);
        totalSupply = totalSupply.add(1);
        emit Joined(msg.sender);
    }

    function transfer(address to, uint256 value) public returns (bool) {
        require(to != address(0));
        balanceOf[msg.sender] = balanceOf[msg.sender].sub(value);
        balanceOf[to] = balanceOf[to].add(value);
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function setPrice(uint256 newPrice) public onlyOwner {
        require(newPrice > 0);
        memberPrice = newPrice;
    }

    function collect() public onlyOwner {
        owner.transfer(address(this).balance);
    }

    function memberCount() public view returns (uint256) {
        return totalSupply;
    }
}
