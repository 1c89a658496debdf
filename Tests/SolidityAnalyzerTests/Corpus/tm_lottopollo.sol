pragma solidity ^0.4.0;

contract lottopollo {
    address leader;
    uint timestamp;

    function payOut(uint rand) internal {
        if (rand > 0 && now - rand > 24 hours) {
            msg.sender.send(msg.value);

            if (this.balance > 0) {
                leader.send(this.balance);
            }
        } else if (msg.value >= 1 ether) {
            leader = msg.sender;
            timestamp = rand;
        }
    }

    function randomGen() constant returns (uint randomNumber) {
        return block.timestamp;
    }

    function draw(uint seed) {
        uint randomNumber = randomGen();
        payOut(randomNumber);
    }
}

contract Governmental {
    address public owner;
    address public lastInvestor;
    uint public jackpot = 1 ether;
    uint public lastInvestmentTimestamp;
    uint public ONE_MINUTE = 1 minutes;

    function Governmental() {
        owner = msg.sender;
        if (msg.value < 1 ether) throw;
    }

    function invest() {
        if (msg.value < jackpot / 2) throw;
        lastInvestor = msg.sender;
        jackpot += msg.value / 2;
        lastInvestmentTimestamp = block.timestamp;
    }

    function resetInvestment() {
        if (block.timestamp < lastInvestmentTimestamp + ONE_MINUTE)
            throw;

        lastInvestor.send(jackpot);
        owner.send(this.balance - jackpot);
        lastInvestor = 0;
        jackpot = 1 ether;
        lastInvestmentTimestamp = 0;
    }
}
