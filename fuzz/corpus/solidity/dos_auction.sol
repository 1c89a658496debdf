pragma solidity ^0.4.15;

contract DosAuction {
    address currentFrontrunner;
    uint currentBid;

    function bid() payable {
        require(msg.value > currentBid);

        if (currentFrontrunner != 0) {
            require(currentFrontrunner.send(currentBid));
        }

        currentFrontrunner = msg.sender;
        currentBid = msg.value;
    }
}

contract PullAuction {
    address highestBidder;
    uint highestBid;
    mapping(address => uint) refunds;

    function bid() payable external {
        require(msg.value >= highestBid);
        if (highestBidder != address(0)) {
            refunds[highestBidder] += highestBid;
        }
        highestBidder = msg.sender;
        highestBid = msg.value;
    }

    function withdrawRefund() external {
        uint refund = refunds[msg.sender];
        refunds[msg.sender] = 0;
        msg.sender.transfer(refund);
    }
}
