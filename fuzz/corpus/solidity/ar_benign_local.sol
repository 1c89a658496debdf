pragma solidity ^0.4.23;

contract IntegerOverflowBenign1 {
    uint public count = 1;

    function run(uint256 input) public {
        uint res = count - input;
    }

    function runPlusOne() public {
        uint res = count + 1;
        count = res;
    }
}
