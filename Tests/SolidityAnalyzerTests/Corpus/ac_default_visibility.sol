pragma solidity ^0.4.24;

contract HashForEther {
    function withdrawWinnings() {
        require(uint32(msg.sender) == 0);
        _sendWinnings();
    }

    function _sendWinnings() {
        msg.sender.transfer(this.balance);
    }
}

contract Explicit {
    uint counter;

    function _bump() internal {
        counter = counter + 1;
    }

    function bump() public {
        _bump();
    }
}
