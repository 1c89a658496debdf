pragma solidity ^0.4.25;

contract PullAuction {
    address public seller;
    address public highestBidder;
    uint public highestBid;
    uint public biddingEnds;
    bool public settled;
    mapping(address => uint) public pendingReturns;

    event HighestBidIncreased(address bidder, uint amount);
    event Settled(address winner, uint amount);

    constructor(uint biddingTime) public {
        seller = msg.sender;
        biddingEnds = block.number + biddingTime;
    }

    function bid() public payable {
        require(block.number < biddingEnds);
        require(msg.value > highestBid);
        if (highestBidder != address(0)) {
            pendingReturns[highestBidder] += highestBid;
        }
        highestBidder = msg.sender;
        highestBid = msg.value;
        emit HighestBidIncreased(msg.sender, msg.value);
    }

    function withdrawReturn() public returns (bool) {
        uint amount = pendingReturns[msg.sender];
        if (amount > 0) {
            pendingReturns[msg.sender] = 0;
            if (!msg.sender.send(amount)) {
                pendingReturns[msg.sender] = amount;
                return false;
            }
        }
        return true;
    }

    function settle() public {
        require(block.number >= biddingEnds);
        require(!settled);
        require(msg.sender == seller);
        settled = true;
        emit Settled(highestBidder, highestBid);
        seller.transfer(highestBid);
    }

    function timeLeft() public view returns (uint) {
        if (block.number >= biddingEnds) {
            return 0;
        }
        return biddingEnds - block.number;
    }
}
