pragma solidity ^0.4.11;

contract IntegerOverflowMappingSym1 {
    mapping(uint256 => uint256) map;

    function init(uint256 k, uint256 v) public {
        map[k] -= v;
    }

    function safeInit(uint256 k, uint256 v) public {
        require(map[k] >= v);
        map[k] -= v;
    }

    function safeIf(uint256 k, uint256 v) public {
        if (v > map[k]) {
            return;
        }
        map[k] -= v;
    }
}
