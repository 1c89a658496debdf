pragma solidity ^0.4.0;

contract Lotto {
    bool public payedOut = false;
    address public winner;
    uint public winAmount;

    function sendToWinner() public {
        require(!payedOut);
        winner.send(winAmount);
        payedOut = true;
    }

    function withdrawLeftOver() public {
        require(payedOut);
        msg.sender.send(this.balance);
    }

    function checkedSend() public {
        require(winner.send(winAmount));
    }

    function checkedIf() public {
        if (!winner.send(winAmount)) {
            revert();
        }
    }
}

contract Honey {
    address owner = msg.sender;

    function Get(address _addr, uint _wei) public {
        require(msg.sender == owner);
        _addr.call.value(_wei);
    }
}
