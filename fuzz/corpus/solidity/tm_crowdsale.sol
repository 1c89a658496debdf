pragma solidity ^0.4.25;

contract TimedCrowdsale {
    event Finished(uint when);
    uint256 public openedAt;

    function isSaleFinished() view public returns (bool) {
        return block.timestamp >= 1546300800;
    }

    function open() public {
        openedAt = block.timestamp;
        emit Finished(now);
    }
}

contract EtherLotto {
    uint constant TICKET_AMOUNT = 10;
    uint constant FEE_AMOUNT = 1;
    address public bank;
    uint public pot;

    function EtherLotto() {
        bank = msg.sender;
    }

    function play() payable {
        assert(msg.value == TICKET_AMOUNT);
        pot += msg.value;
        var random = uint(sha3(block.timestamp)) % 2;
        if (random == 0) {
            bank.transfer(FEE_AMOUNT);
            msg.sender.transfer(pot - FEE_AMOUNT);
            pot = 0;
        }
    }
}
