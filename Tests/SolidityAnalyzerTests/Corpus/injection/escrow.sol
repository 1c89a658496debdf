pragma solidity ^0.5.17;

contract Escrow {
    enum State { AwaitingPayment, AwaitingDelivery, Complete, Refunded }

    address payable public buyer;
    address payable public seller;
    address public arbiter;
    uint256 public price;
    State public state;

    event Paid(uint256 amount);
    event Released(address to, uint256 amount);

    modifier onlyArbiter() {
        require(msg.sender == arbiter, "not arbiter");
        _;
    }

    modifier inState(State expected) {
        require(state == expected, "wrong state");
        _;
    }

    constructor(address payable _seller, address _arbiter, uint256 _price) public {
        buyer = msg.sender;
        seller = _seller;
        arbiter = _arbiter;
        price = _price;
        state = State.AwaitingPayment;
    }

    function pay() external payable inState(State.AwaitingPayment) {
        require(msg.sender == buyer, "only buyer");
        require(msg.value == price, "exact price");
        state = State.AwaitingDelivery;
        emit Paid(msg.value);
    }

    function confirmDelivery() external inState(State.AwaitingDelivery) {
        require(msg.sender == buyer, "only buyer");
        state = State.Complete;
        uint256 amount = address(this).balance;
        emit Released(seller, amount);
        seller.transfer(amount);
    }

    function refund() external onlyArbiter inState(State.AwaitingDelivery) {
        state = State.Refunded;
        uint256 amount = address(this).balance;
        emit Released(buyer, amount);
        buyer.transfer(amount);
    }

    function details() external view returns (address, address, uint256, State) {
        return (buyer, seller, price, state);
    }
}
