pragma solidity ^0.4.0;

contract LuckyDoubler {
    address private owner;
    uint private balance = 0;
    uint private fee = 5;
    uint private multiplier = 125;

    mapping (address => User) private users;
    Entry[] private entries;
    uint[] private unpaidEntries;

    function LuckyDoubler() {
        owner = msg.sender;
    }

    modifier onlyowner { if (msg.sender == owner) _; }

    struct User {
        address id;
        uint deposits;
        uint payoutsReceived;
    }

    struct Entry {
        address entryAddress;
        uint deposit;
        uint payout;
        bool paid;
    }

    function() {
        init();
    }

    function init() private {
        if (msg.value < 1 ether) {
             msg.sender.send(msg.value);
            return;
        }
        join();
    }

    function join() private {
        uint dValue = 1 ether;
        if (msg.value > 1 ether) {
            msg.sender.send(msg.value - 1 ether);
            dValue = 1 ether;
        }
        if (users[msg.sender].id == address(0)) {
            users[msg.sender].id = msg.sender;
            users[msg.sender].deposits = 0;
            users[msg.sender].payoutsReceived = 0;
        }
        users[msg.sender].deposits++;
        entries.push(Entry(msg.sender, dValue, (dValue * (multiplier) / 100), false));
        balance += (dValue * (100 - fee)) / 100;
        unpaidEntries.push(entries.length - 1);
        if (unpaidEntries.length > 1) {
            uint index = rand(unpaidEntries.length);
            Entry theEntry = entries[unpaidEntries[index]];
            if (balance > theEntry.payout) {
                uint payout = theEntry.payout;
                theEntry.entryAddress.send(payout);
                theEntry.paid = true;
                users[theEntry.entryAddress].payoutsReceived++;
                balance -= theEntry.payout;
            }
        }
    }

    uint256 constant private FACTOR = 1157920892373161954235709850086879078532699846656405640394575840079131296399;

    function rand(uint max) constant private returns (uint256 result) {
        uint256 factor = FACTOR * 100 / max;
        uint256 lastBlockNumber = block.number - 1;
        uint256 hashVal = uint256(block.blockhash(lastBlockNumber));
        return uint256((uint256(hashVal) / factor)) % max;
    }

    function changeOwner(address newOwner) onlyowner {
        owner = newOwner;
    }
}
