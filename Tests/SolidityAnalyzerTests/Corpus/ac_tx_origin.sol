pragma solidity ^0.4.24;

contract Phishable {
    address public owner;

    constructor (address _owner) {
        owner = _owner;
    }

    function () public payable {}

    function withdrawAll(address _recipient) public {
        require(tx.origin == owner);
        _recipient.transfer(this.balance);
    }
}

contract NoContracts {
    mapping(address => uint) public claims;

    function claim() public {
        require(tx.origin == msg.sender);
        claims[msg.sender] = 1;
    }
}

contract OriginModifier {
    address owner = msg.sender;

    modifier onlyOrigin() {
        if (tx.origin != owner) {
            throw;
        }
        _;
    }

    function sweep(address to) public onlyOrigin {
        to.transfer(this.balance);
    }
}
