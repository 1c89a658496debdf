pragma solidity ^0.4.15;

contract Rubixi {
    uint private balance = 0;
    uint private collectedFees = 0;
    uint private feePercent = 10;
    address private creator;

    function DynamicPyramid() {
        creator = msg.sender;
    }

    modifier onlyowner {
        if (msg.sender == creator) _;
    }

    function collectAllFees() onlyowner {
        if (collectedFees == 0) throw;
        creator.send(collectedFees);
        collectedFees = 0;
    }

    function changeFeePercentage(uint _fee) onlyowner {
        feePercent = _fee;
    }
}

contract Named {
    address owner;

    function Constructor() public {
        owner = msg.sender;
    }

    function kill() public {
        require(msg.sender == owner);
        selfdestruct(owner);
    }
}
