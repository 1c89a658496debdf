pragma solidity ^0.4.24;

contract Tokensale {
    uint hardcap = 10000 ether;

    function fetchCap() public constant returns (uint) {
        return hardcap;
    }
}

contract Presale is Tokensale {
    uint hardcap = 1000 ether;
    uint softcap = 10 ether;
}

contract Base {
    uint private secret = 1;
}

contract Derived is Base {
    uint private secret = 2;
}
