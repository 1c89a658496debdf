pragma solidity ^0.4.24;

contract Proxy {
    address owner;

    constructor() public {
        owner = msg.sender;
    }

    function forward(address callee, bytes _data) public {
        require(callee.delegatecall(_data));
    }
}

contract FibonacciBalance {
    address public fibonacciLibrary;
    uint public calculatedFibNumber;
    uint public start = 3;
    uint public withdrawalCounter;
    bytes4 constant fibSig = bytes4(sha3("setFibonacci(uint256)"));

    constructor(address _fibonacciLibrary) public payable {
        fibonacciLibrary = _fibonacciLibrary;
    }

    function withdraw() {
        withdrawalCounter += 1;
        require(fibonacciLibrary.delegatecall(fibSig, withdrawalCounter));
        msg.sender.transfer(calculatedFibNumber * 1 ether);
    }

    function setStart(uint n) {
        require(fibonacciLibrary.delegatecall(fibSig, n));
    }

    function() public {
        require(fibonacciLibrary.delegatecall(msg.data));
    }
}

contract UpgradeableProxy {
    address public implementation;
    address public admin;

    constructor(address impl) public {
        implementation = impl;
        admin = msg.sender;
    }

    function upgradeTo(address impl) public {
        require(msg.sender == admin);
        implementation = impl;
    }

    function () payable public {
        address impl = implementation;
        require(impl.delegatecall(msg.data));
    }
}
